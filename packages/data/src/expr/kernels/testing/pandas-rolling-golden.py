"""Golden values of pandas-rolling.test.ts: pandas 2.2.3's own rolling sum / mean / var / std / cov / corr
(`Series.rolling(w, min_periods=1)`, what Qlib's Sum, Mean, Var, Std, Cov and Corr call) on real CN prices and
volumes with a flat (suspended) stretch, NaN and ±inf put in. Not run by the tests: run it with a Python that has
pandas 2.2.3 and the prepared CN data (../shared/anchors' venv and $WORK/cn_qlib):
  $WORK/venv/bin/python pandas-rolling-golden.py /tmp/anchors/cn_qlib > pandas-rolling.golden.json
Numbers are written with repr (shortest round-trip), NaN as null, ±inf as "inf" / "-inf".
"""
import json
import sys

import numpy as np
import pandas as pd

assert pd.__version__ == "2.2.3", pd.__version__
root = sys.argv[1]
cal = [line.strip() for line in open(f"{root}/calendars/day.txt")]


def field(sym, name, first, n):
    raw = np.fromfile(f"{root}/features/{sym}/{name}.day.bin", dtype="<f4")
    start = int(raw[0])
    i = cal.index(first) - start + 1
    return raw[i : i + n].astype(np.float64)  # Qlib's float32 values, as pandas' windows see them


N = 100
close = field("sz000061", "close", "2017-05-10", N)  # flat for weeks around 2017-07 (suspension)
volume = field("sz000061", "volume", "2017-05-10", N)
close2 = field("sh600000", "close", "2015-06-01", N)  # a volatile stretch
close[[3, 4, 40]] = np.nan
close[10] = np.inf
close2[[7, 8, 9]] = np.nan
close2[55] = -np.inf
logv = np.log(volume + 1)  # float64 here: the kernel's own inputs, not numpy's float32 log
SERIES = {"close": close, "volume": volume, "close2": close2, "logv": logv}
WINDOWS = [1, 2, 5, 20, 60]


def enc(a):
    return [None if np.isnan(v) else ("inf" if v == np.inf else "-inf" if v == -np.inf else float(v)) for v in a]


out = {"pandas": pd.__version__, "windows": WINDOWS, "series": {k: enc(v) for k, v in SERIES.items()}, "single": {}, "pair": {}}
for name in ("close", "volume", "close2"):
    s = pd.Series(SERIES[name])
    out["single"][name] = {
        str(w): {f: enc(getattr(s.rolling(w, min_periods=1), f)().to_numpy()) for f in ("sum", "mean", "var", "std")}
        for w in WINDOWS
    }
for a, b in (("close", "logv"), ("close2", "close")):
    x, y = pd.Series(SERIES[a]), pd.Series(SERIES[b])
    out["pair"][f"{a}|{b}"] = {
        str(w): {f: enc(getattr(x.rolling(w, min_periods=1), f)(y).to_numpy()) for f in ("cov", "corr")} for w in WINDOWS
    }
json.dump(out, sys.stdout, separators=(",", ":"))
