"""Golden values of operators-dtype.test.ts: Qlib 0.9.7's own operator classes (qlib/data/ops.py, numpy 2.4 / pandas
2.2.3) on float32 fields, as Qlib loads .bin data, printed with 9 significant digits (exact for float32). Qlib keeps
float32 through elementwise operators and works in float64 inside pandas windows; the final cast is float32.
close / volume: SZ002174 2013-10-18..2013-11-08 of the CN csi300 set (a suspension, then limit-up days).
Not run by the tests: run it with a Python that has pyqlib 0.9.7 (../shared/anchors' venv) and paste its output.
"""
import warnings

import numpy as np
import pandas as pd
from qlib.data import ops
from qlib.data.base import Expression
from qlib.utils import parse_field

warnings.simplefilter("ignore")
DATA = {
    "close": [20.4428406, 20.4428406, 20.4428406, 20.4428406, 22.4871235, 24.735836, 27.2094193, 29.928318,
              32.9231949, 36.2144928, 36.2144928, 38.5040894, 42.357563, 41.958931, 41.703392, 39.8737602],
    "volume": [0, 0, 0, 0, 98989, 145168, 141857, 973192, 547038, 15107723, 0, 10048991, 7329370, 9259451,
               7165016, 7786435],
}
EXPRS = """
$close/Ref($close,1)
$close/Ref($close,1)-1
Ref($close,-2)/Ref($close,-1)-1
Log($volume/Ref($volume,1)+1)
Corr($close/Ref($close,1),Log($volume/Ref($volume,1)+1),5)
Corr($close,Log($volume+1),5)
Std(Abs($close/Ref($close,1)-1)*$volume,5)/(Mean(Abs($close/Ref($close,1)-1)*$volume,5)+1e-12)
(Sum(Greater($volume-Ref($volume,1),0),5)-Sum(Greater(Ref($volume,1)-$volume,0),5))/(Sum(Abs($volume-Ref($volume,1)),5)+1e-12)
Mean($close,3)/$close-1
Sign($close-Ref($close,1))*$volume/7
Delta($close,2)/$close-1
If($close>Ref($close,1),$close/Ref($close,1)-1,Mean($close,3)/$close-1)
($close>Ref($close,1))*$volume/3
($close>Ref($close,1))*($volume>0)*$volume/3
Mean($close>Ref($close,1),3)
Greater($close/Ref($close,1),1.05)-1
Power($close/20,3)-1
Abs($close/30-1)*3
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


n = len(DATA["close"])
for e in EXPRS.split():
    s = eval(parse_field(e), {"Operators": Operators(), "Feature": Feature}).load("T", 0, n - 1)
    vals = np.asarray(s, dtype=np.float32)
    print(f"  '{e}': [{', '.join('nan' if np.isnan(v) else ('inf' if v > 0 else '-inf') if np.isinf(v) else '%.9g' % v for v in vals)}],")
