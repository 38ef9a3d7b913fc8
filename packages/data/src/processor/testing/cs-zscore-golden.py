"""Golden values of the float32 CSZScoreNorm test (processors.test.ts): Qlib 0.9.7's own CSZScoreNorm (pandas 2.2,
no bottleneck, as in ../shared/anchors' venv) on real CN daily returns in float32, the way Alpha158's label
reaches it, as float32 bit patterns. Days of different sizes (the pairwise sums' 8 / 128 thresholds) with a few
NaN. Not run by the tests: run it with the anchors' venv and prepared CN data:
  $WORK/venv/bin/python cs-zscore-golden.py /tmp/anchors/cn_qlib > cs-zscore.golden.json
"""
import glob
import json
import sys

import numpy as np
import pandas as pd
from qlib.data.dataset.processor import CSZScoreNorm

closes = [np.fromfile(f, dtype="<f4")[1:] for f in sorted(glob.glob(f"{sys.argv[1]}/features/*/close.day.bin"))[:400]]
rng = np.random.default_rng(11)
days = []
for size in (3, 7, 8, 9, 100, 128, 129, 300, 301, 390):
    vals = []
    for c in rng.choice(len(closes), size, replace=False):
        s = closes[c]
        t = int(rng.integers(0, max(1, len(s) - 3)))
        with np.errstate(all="ignore"):
            vals.append(np.float32(s[t + 2]) / np.float32(s[t + 1]) - np.float32(1))
    days.append(np.array(vals, dtype=np.float32))
days[4][5] = np.nan
days[7][[0, 10, 200]] = np.nan
index = pd.MultiIndex.from_tuples(
    [(pd.Timestamp("2020-01-01") + pd.Timedelta(days=d), f"S{i:04d}") for d, v in enumerate(days) for i in range(len(v))],
    names=["datetime", "instrument"],
)
x = np.concatenate(days).astype(np.float32)
df = pd.DataFrame({("label", "LABEL0"): x}, index=index)
out = CSZScoreNorm(fields_group="label")(df.copy())[("label", "LABEL0")].to_numpy().astype(np.float32)
json.dump(
    {"pandas": pd.__version__, "sizes": [len(v) for v in days], "x": x.view(np.uint32).tolist(), "z": out.view(np.uint32).tolist()},
    sys.stdout,
    separators=(",", ":"),
)
