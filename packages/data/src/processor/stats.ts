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
  const s = buf.subarray(0, n);
  const mid = n >>> 1;
  // selection, not a full sort: the fitted norms take a median per column over the whole fit window
  const upper = select(s, mid);
  if (n % 2 === 1) return upper;
  // after select(mid) everything left of mid is <= s[mid]: the lower middle is their maximum
  let lower = -Infinity;
  for (let i = 0; i < mid; i++) if (s[i]! > lower) lower = s[i]!;
  return (lower + upper) / 2;
}

/** Hoare's quickselect: reorders `a` so that `a[k]` is the k-th smallest, and returns it. */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k]!;
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
