import { rollingSum, rollingVar } from './rolling-moments.js';

/**
 * pandas' rolling `cov` / `corr` of two aligned series (`corr_func` / `cov_func` in pandas/core/window/
 * rolling.py): both are first masked to their pairwise-complete rows (`prep_binary`: x + 0·y, so an inf or
 * NaN in either side drops the row), then combined from roll_mean(x·y), roll_mean(x), roll_mean(y), the
 * pair count (roll_sum of notna) and, for corr, both roll_var's, exactly in pandas' order of operations.
 */
export function rollingPair(a: Float64Array, b: Float64Array, w: number, corr: boolean): Float64Array {
  const n = a.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const xy = new Float64Array(n);
  const both = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = a[i]! + 0 * b[i]!;
    const yi = b[i]! + 0 * a[i]!;
    // `_prep_values`: ±inf is NaN to the windows
    const xf = Number.isFinite(xi) ? xi : NaN;
    const yf = Number.isFinite(yi) ? yi : NaN;
    x[i] = xf;
    y[i] = yf;
    xy[i] = xf * yf;
    both[i] = xf + yf === xf + yf ? 1 : 0;
  }
  const meanXY = rollingSum(xy, w, true);
  const meanX = rollingSum(x, w, true);
  const meanY = rollingSum(y, w, true);
  const count = rollingSum(both, w, false, 0);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = (meanXY[i]! - meanX[i]! * meanY[i]!) * (count[i]! / (count[i]! - 1));
  }
  if (!corr) return out;
  const varX = rollingVar(x, w);
  const varY = rollingVar(y, w);
  for (let i = 0; i < n; i++) out[i] = out[i]! / Math.sqrt(varX[i]! * varY[i]!); // numpy's `** 0.5` is its sqrt
  return out;
}
