/**
 * Rolling Max / Min (over valid values) and IdxMax / IdxMin in O(n) with monotonic deques. The Idx forms
 * reproduce Qlib's `rolling(N, min_periods=1).apply(np.argmax + 1, raw=True)`: the raw window (NaN
 * included) starts at the series start when shorter, the result is the 1-based position from its oldest
 * row, ties go to the earliest row, and numpy's argmax answers the first NaN's position when the window
 * holds one. ±inf count as NaN throughout (pandas turns them into NaN before the window sees them): Max / Min
 * skip them, IdxMax / IdxMin answer their position as numpy does a NaN's. A window without any finite value is
 * NaN (pandas does not call the function then).
 */

/**
 * Shared sweep: for each row, the earliest position of the window's max (`sign` = 1) or min (-1) among
 * finite values, the first non-finite position, and the window start. `emit` turns them into the output value.
 */
function sweep(
  x: Float64Array,
  w: number,
  sign: 1 | -1,
  start: number,
  emit: (i: number, lo: number, best: number, firstNan: number) => number,
): Float64Array {
  const n = x.length;
  const out = new Float64Array(n).fill(NaN);
  const dq = new Int32Array(n); // candidate positions, values strictly decreasing (for max) front to back
  let head = 0;
  let tail = 0;
  const nans = new Int32Array(n);
  let nHead = 0;
  let nTail = 0;
  for (let i = Math.max(0, start); i < n; i++) {
    const v = x[i]!;
    if (Number.isFinite(v)) {
      // keep the earliest of equal values at the front: pop only strictly worse ones
      while (tail > head && sign * (x[dq[tail - 1]!]! - v) < 0) tail--;
      dq[tail++] = i;
    } else {
      nans[nTail++] = i;
    }
    const lo = Math.max(start, i - w + 1);
    while (tail > head && dq[head]! < lo) head++;
    while (nTail > nHead && nans[nHead]! < lo) nHead++;
    if (tail === head) continue; // no valid value in the window
    out[i] = emit(i, lo, dq[head]!, nTail > nHead ? nans[nHead]! : -1);
  }
  return out;
}

/** Rolling max (`sign` = 1) or min (`sign` = -1) of the valid values. */
export function rollingExtreme(x: Float64Array, w: number, sign: 1 | -1): Float64Array {
  return sweep(x, w, sign, 0, (_i, _lo, best) => x[best]!);
}

/** Rolling 1-based arg-max (`sign` = 1) / arg-min (`sign` = -1); `start` is where the series begins. */
export function rollingArgExtreme(x: Float64Array, w: number, sign: 1 | -1, start: number): Float64Array {
  return sweep(x, w, sign, start, (_i, lo, best, firstNan) => (firstNan >= 0 ? firstNan : best) - lo + 1);
}
