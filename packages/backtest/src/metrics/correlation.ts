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
 * Ranks 1..n with ties given their average rank (pandas `rank(method="average")`). Sorts a typed copy
 * natively, gives each tie block of the sorted copy its average rank, and finds each value's block by one
 * binary search: no comparator calls in the hot path. Values must not be NaN (callers drop NaN pairs first).
 */
export function averageRanks(values: ArrayLike<number>, n = values.length): Float64Array {
  const sorted = new Float64Array(n);
  for (let k = 0; k < n; k++) sorted[k] = values[k]!;
  sorted.sort();
  // blockRank[i]: the average rank of the tie block that starts at sorted index i
  const blockRank = new Float64Array(n);
  for (let lo = 0; lo < n; ) {
    let hi = lo + 1;
    while (hi < n && sorted[hi] === sorted[lo]) hi++;
    blockRank[lo] = (lo + hi - 1) / 2 + 1;
    lo = hi;
  }
  const ranks = new Float64Array(n);
  for (let k = 0; k < n; k++) ranks[k] = blockRank[lowerBound(sorted, values[k]!)]!;
  return ranks;
}

/** First index with sorted[i] >= v. */
function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
