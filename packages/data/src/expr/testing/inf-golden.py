"""Golden values of operators-inf.test.ts: Qlib 0.9.7's own operator classes (qlib/data/ops.py, on pandas 2.2.3 and
Qlib's Cython rolling kernels), fed x / y / v from arrays instead of a provider. Not run by the tests: run it
with a Python that has pyqlib 0.9.7 (e.g. ../shared/anchors' venv: $WORK/venv/bin/python inf-golden.py) and paste
its output into the GOLDEN table.
"""
import warnings

import numpy as np
import pandas as pd
from qlib.data import ops
from qlib.data.base import Expression
from qlib.utils import parse_field

warnings.simplefilter("ignore")
inf, nan = np.inf, np.nan
DATA = {
    "x": [10, 11, inf, 12, nan, 13, -inf, 15, 14, inf, inf, inf, 16, 15, -inf, 12],
    "y": [1, 3, 2, 5, inf, 4, 6, 8, -inf, 7, 9, 9, 10, 11, 12, 10],
    "v": [100, 120, 0, 90, 110, 0, 0, 130, 125, 140, 0, 150, 160, 155, 150, 170],
}
EXPRS = """
$x
Mean($x,3)
Sum($x,3)
Std($x,3)
Var($x,3)
Skew($x,3)
Kurt($x,4)
Max($x,3)
Min($x,3)
IdxMax($x,3)
IdxMin($x,3)
Quantile($x,3,0.8)
Med($x,3)
Mad($x,3)
Rank($x,3)
Count($x,3)
Delta($x,3)
Ref($x,2)
Slope($x,3)
Rsquare($x,3)
Resi($x,3)
Slope($y,3)
Rsquare($y,3)
Resi($y,3)
WMA($x,3)
EMA($x,3)
EMA($x,0.5)
Corr($x,$y,3)
Cov($x,$y,3)
Corr($y,$x,4)
Cov($y,$x,4)
Mean($x,0)
Sum($x,0)
Std($x,0)
Var($x,0)
Max($x,0)
Min($x,0)
IdxMax($x,0)
IdxMin($x,0)
Quantile($x,0,0.8)
Med($x,0)
Mad($x,0)
Rank($x,0)
Count($x,0)
Delta($x,0)
Skew($x,0)
Kurt($x,0)
WMA($x,0)
EMA($x,0)
Slope($x,0)
Mean($y,0)
Log($v/Ref($v,1)+1)
Corr($y/Ref($y,1),Log($v/Ref($v,1)+1),5)
Corr($x,Log($v/Ref($v,1)+1),3)
Cov($x,Log($v/Ref($v,1)+1),3)
Std(Log($v/Ref($v,1)+1),5)
Mean(Log($v/Ref($v,1)+1),5)
Rsquare($x,0)
Resi($x,0)
Skew($x,5)
Kurt($x,6)
Skew($y,4)
Kurt($y,5)
Sum($y,3)
Std($y,3)
Max($y,3)
Min($y,3)
IdxMax($y,3)
IdxMin($y,3)
Quantile($y,3,0.2)
Rank($y,3)
Mad($y,3)
Count($y,3)
WMA($y,3)
EMA($y,3)
Delta($y,2)
"""


class Feature(Expression):
    """A stored field, read as Qlib reads .bin data (float32)."""

    def __init__(self, name):
        self.name = name

    def __str__(self):
        return f"${self.name}"

    def _load_internal(self, instrument, s, e, *args):
        return pd.Series(np.asarray(DATA[self.name][s : e + 1], dtype=np.float32), index=np.arange(s, e + 1))

    def get_longest_back_rolling(self):
        return 0

    def get_extended_window_size(self):
        return 0, 0


class Operators:
    def __getattr__(self, k):
        return Feature if k == "Feature" else getattr(ops, k)


def fmt(v):
    if np.isnan(v):
        return "nan"
    if np.isinf(v):
        return "inf" if v > 0 else "-inf"
    return f"{v:.6g}"


n = len(DATA["x"])
for e in EXPRS.split():
    s = eval(parse_field(e), {"Operators": Operators(), "Feature": Feature}).load("T", 0, n - 1)
    print(f"  '{e}': [{', '.join(fmt(float(v)) for v in np.asarray(s, dtype=np.float32))}],")
