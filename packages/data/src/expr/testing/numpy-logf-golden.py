"""Golden values of numpy-logf.test.ts: numpy's float32 np.log on an x86-64 machine with AVX2 + FMA3 or
AVX-512F (the numpy 2.x SIMD kernel Qlib's float32 Log runs), as float32 bit patterns. Inputs: real CN
volumes + 1 (Alpha158's Log($volume+1)), volume ratios + 1 (CORD), each split so half are values whose numpy
log is not the correctly rounded one, plus edge cases. Not run by the tests: run it with a Python that has
numpy >= 2 and the prepared CN data (../shared/anchors' venv and $WORK/cn_qlib):
  $WORK/venv/bin/python numpy-logf-golden.py /tmp/anchors/cn_qlib > numpy-logf.golden.json
"""
import glob
import json
import sys

import numpy as np

vols = [np.fromfile(f, dtype="<f4")[1:] for f in sorted(glob.glob(f"{sys.argv[1]}/features/*/volume.day.bin"))[:60]]
v = np.concatenate(vols)
v = v[np.isfinite(v)]
a = np.concatenate([v + np.float32(1), (v[1:] / np.maximum(v[:-1], np.float32(1))).astype(np.float32) + np.float32(1)])
a = np.unique(a.astype(np.float32))
with np.errstate(all="ignore"):
    n = np.log(a)
    cr = np.log(a.astype(np.float64)).astype(np.float32)
rng = np.random.default_rng(7)
off = a[n != cr]
on = a[n == cr]
edge = np.array([0, -0.0, 1, 2, 0.5, 0.70710677, 0.7071068, 1.4142135, 1e-45, 1e-40, 1.1754942e-38, 3.4028235e38, np.inf, -1, np.nan], dtype=np.float32)
x = np.concatenate([rng.choice(off, 600, replace=False), rng.choice(on, 600, replace=False), edge]).astype(np.float32)
with np.errstate(all="ignore"):
    y = np.log(x)
json.dump({"numpy": np.__version__, "x": x.view(np.uint32).tolist(), "log": y.view(np.uint32).tolist()}, sys.stdout, separators=(",", ":"))
