/**
 * Pearson correlation of paired samples (pandas `Series.corr`): NaN with fewer than 2 pairs or zero
 * variance on either side.
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>, n = x.length): number {
  if (n < 2) return NaN;
  let mx = 0;
  let my = 0;
  for (let k = 0; k < n; k++) {
    mx += x[k]!;
    my += y[k]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0; k < n; k++) {
    const dx = x[k]! - mx;
    const dy = y[k]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * Ranks 1..n with ties given their average rank (pandas `rank(method="average")`). Sorts the indices by value
 * (a typed merge sort with inline comparisons: ~2x faster than a native sort of a copy plus a binary search
 * per value), then gives each tie block its average rank. Values must not be NaN (callers drop NaN pairs first).
 * Written without destructuring: it runs mostly before the JIT has optimised it, where array literals cost.
 */
export function averageRanks(values: ArrayLike<number>, n = values.length): Float64Array {
  if (order.length < n) {
    order = new Int32Array(n);
    spare = new Int32Array(n);
  }
  const sorted = sortAscending(values, n);
  const ranks = new Float64Array(n);
  for (let lo = 0; lo < n; ) {
    const v = values[sorted[lo]!]!;
    let hi = lo + 1;
    while (hi < n && values[sorted[hi]!] === v) hi++;
    const r = (lo + hi - 1) / 2 + 1;
    for (let k = lo; k < hi; k++) ranks[sorted[k]!] = r;
    lo = hi;
  }
  return ranks;
}

// scratch index buffers of averageRanks, grown to the longest input seen (a day's rows)
let order = new Int32Array(0);
let spare = new Int32Array(0);

/** Indices 0..n-1 sorted by value ascending, stably: insertion-sorted runs of 16, then bottom-up merges. */
function sortAscending(values: ArrayLike<number>, n: number): Int32Array {
  const RUN = 16;
  let src = order;
  let dst = spare;
  for (let i = 0; i < n; i++) src[i] = i;
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(lo + RUN, n);
    for (let i = lo + 1; i < hi; i++) {
      const x = src[i]!;
      const vx = values[x]!;
      let j = i - 1;
      while (j >= lo && values[src[j]!]! > vx) {
        src[j + 1] = src[j]!;
        j--;
      }
      src[j + 1] = x;
    }
  }
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) dst[k++] = values[src[j]!]! < values[src[i]!]! ? src[j++]! : src[i++]!;
      while (i < mid) dst[k++] = src[i++]!;
      while (j < hi) dst[k++] = src[j++]!;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}

/**
 * Average ranks (ascending, 1..n) of values already sorted in descending order: linear, no sort. The
 * day's scores come sorted this way, so IC needs to sort only the labels.
 */
export function ranksOfDescending(values: ArrayLike<number>, n = values.length): Float64Array {
  const ranks = new Float64Array(n);
  for (let a = 0; a < n; ) {
    let b = a;
    while (b + 1 < n && values[b + 1] === values[a]) b++;
    const r = n - (a + b) / 2;
    for (let k = a; k <= b; k++) ranks[k] = r;
    a = b + 1;
  }
  return ranks;
}

/** Spearman rank correlation: Pearson of average ranks. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>, n = x.length): number {
  if (n < 2) return NaN;
  return pearson(averageRanks(x, n), averageRanks(y, n), n);
}
