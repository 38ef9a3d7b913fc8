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

const identity = (v: number): number => v;

/**
 * numpy's pairwise summation (`@TYPE@_pairwise_sum` of umath's loops_utils: below 8 values a plain loop, up to
 * 128 eight accumulators combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) then the rest, above that the two
 * halves split on a multiple of 8), what `ndarray.sum` does over a contiguous run. `round` is the accumulator's
 * precision (`Math.fround` for float32, identity for float64); NaN counts as 0 (pandas fills them before summing).
 */
export function pairwiseSum(xs: ArrayLike<number>, lo: number, n: number, round: (v: number) => number = identity): number {
  const at = (i: number) => {
    const v = xs[lo + i]!;
    return v === v ? v : 0;
  };
  if (n < 8) {
    let s = 0;
    for (let i = 0; i < n; i++) s = round(s + at(i));
    return s;
  }
  if (n <= 128) {
    const r = [at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7)];
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let k = 0; k < 8; k++) r[k] = round(r[k]! + at(i + k));
    let s = round(round(round(r[0]! + r[1]!) + round(r[2]! + r[3]!)) + round(round(r[4]! + r[5]!) + round(r[6]! + r[7]!)));
    for (; i < n; i++) s = round(s + at(i));
    return s;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return round(pairwiseSum(xs, lo, n2, round) + pairwiseSum(xs, lo + n2, n - n2, round));
}

/**
 * pandas' `(x - x.mean()) / x.std()` on a float32 column's run `[lo, hi)`, written into `out`, operation for
 * operation (pandas 2.2 nanops without bottleneck): the mean is a float32 pairwise sum over a float32 count; the
 * variance sums in float64 (pairwise, around the float64 mean) and is cast to float32 before its square root;
 * the difference and the quotient are float32. A float64 computation rounded at the end differs from it in the
 * last bit for about half of the values. NaN stays NaN; one value (or none) gives NaN.
 */
export function float32ZScore(src: ArrayLike<number>, out: { [i: number]: number }, lo: number, hi: number, scratch: Float64Array): void {
  const len = hi - lo;
  let n = 0;
  for (let i = lo; i < hi; i++) if (src[i]! === src[i]!) n++;
  const f32 = Math.fround;
  const mean = f32(pairwiseSum(src, lo, len, f32) / n);
  const avg = pairwiseSum(src, lo, len) / n;
  for (let i = 0; i < len; i++) {
    const v = src[lo + i]!;
    scratch[i] = v === v ? (avg - v) * (avg - v) : 0;
  }
  const std = n - 1 > 0 ? f32(Math.sqrt(f32(pairwiseSum(scratch, 0, len) / (n - 1)))) : NaN;
  for (let i = lo; i < hi; i++) out[i] = f32(f32(src[i]! - mean) / std);
}
