/**
 * NaN-skipping statistics over typed-array ranges, with numpy/pandas semantics (±Infinity is a value, NaN is
 * missing).
 */

/** Median of the non-NaN values of `xs` (NaN when there are none); the average of the middle two for even counts. */
export function nanMedian(xs: ArrayLike<number>, lo = 0, hi = xs.length): number {
  const buf = new Float64Array(hi - lo);
  let n = 0;
  for (let i = lo; i < hi; i++) {
    const v = xs[i]!;
    if (v === v) buf[n++] = v;
  }
  if (n === 0) return NaN;
  const s = buf.subarray(0, n).sort();
  const mid = n >>> 1;
  return n % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Mean and standard deviation (two-pass, `ddof` as numpy/pandas) of the non-NaN values; NaN when undefined. */
export function nanMeanStd(xs: ArrayLike<number>, lo: number, hi: number, ddof: number): { mean: number; std: number; n: number } {
  let n = 0;
  let sum = 0;
  for (let i = lo; i < hi; i++) {
    const v = xs[i]!;
    if (v === v) {
      sum += v;
      n++;
    }
  }
  if (n === 0) return { mean: NaN, std: NaN, n };
  const mean = sum / n;
  let ss = 0;
  for (let i = lo; i < hi; i++) {
    const v = xs[i]!;
    if (v === v) ss += (v - mean) * (v - mean);
  }
  return { mean, std: n - ddof > 0 ? Math.sqrt(ss / (n - ddof)) : NaN, n };
}
