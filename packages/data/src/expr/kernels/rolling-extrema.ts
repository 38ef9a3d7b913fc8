/**
 * Rolling Max / Min (over valid values) and IdxMax / IdxMin. The Idx forms reproduce Qlib's
 * `rolling(N, min_periods=1).apply(np.argmax + 1, raw=True)`: the raw window (NaN included) starts at
 * the series start when shorter, the result is the 1-based position from its oldest row, and numpy's
 * argmax answers the first NaN's position when the window holds one. A window without any valid value is
 * NaN (pandas does not call the function then).
 */

/** Rolling max (`sign` = 1) or min (`sign` = -1) of the valid values. */
export function rollingExtreme(x: Float64Array, w: number, sign: 1 | -1): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = NaN;
    for (let k = Math.max(0, i - w + 1); k <= i; k++) {
      const v = x[k]!;
      if (v === v && !(sign * (v - best) <= 0)) best = v;
    }
    out[i] = best;
  }
  return out;
}

/** Rolling 1-based arg-max (`sign` = 1) / arg-min (`sign` = -1); `start` is where the series begins. */
export function rollingArgExtreme(x: Float64Array, w: number, sign: 1 | -1, start: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n).fill(NaN);
  for (let i = Math.max(0, start); i < n; i++) {
    const lo = Math.max(start, i - w + 1);
    let valid = 0;
    let nanAt = -1;
    let bestAt = -1;
    let best = 0;
    for (let k = lo; k <= i; k++) {
      const v = x[k]!;
      if (v !== v) {
        if (nanAt < 0) nanAt = k;
      } else {
        valid++;
        if (bestAt < 0 || sign * (v - best) > 0) {
          best = v;
          bestAt = k;
        }
      }
    }
    if (valid === 0) continue;
    out[i] = (nanAt >= 0 ? nanAt : bestAt) - lo + 1;
  }
  return out;
}
