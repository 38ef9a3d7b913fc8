import { sortDescending } from '../sort/sort-descending.js';

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
 * Ranks 1..n with ties given their average rank (pandas `rank(method="average")`): the indices sorted by value
 * descending ({@link sortDescending}), then {@link ranksOfDescending} of the values in that order. Values must
 * not be NaN (callers drop NaN pairs first). Written into `out` when given (IC ranks a day at a time into
 * one buffer).
 */
export function averageRanks(values: ArrayLike<number>, n = values.length, out = new Float64Array(n)): Float64Array {
  if (order.length < n) {
    order = new Int32Array(n);
    spare = new Int32Array(n);
    rowNumber = Int32Array.from({ length: n }, (_, i) => i);
    descending = new Float64Array(n);
    byRank = new Float64Array(n);
  }
  order.set(rowNumber.subarray(0, n));
  // ties in any order: their ranks are the same
  const sorted = sortDescending(order, spare, n, values, rowNumber);
  for (let j = 0; j < n; j++) descending[j] = values[sorted[j]!]!;
  ranksOfDescending(descending, n, byRank);
  for (let j = 0; j < n; j++) out[sorted[j]!] = byRank[j]!;
  return out;
}

// scratch buffers of averageRanks, grown to the longest input seen (a day's rows): index buffers, 0..n-1, the
// values in descending order and their ranks
let order = new Int32Array(0);
let spare = new Int32Array(0);
let rowNumber = new Int32Array(0);
let descending = new Float64Array(0);
let byRank = new Float64Array(0);

/**
 * Average ranks (ascending, 1..n) of values already sorted in descending order: linear, no sort. The
 * day's scores come sorted this way, so IC needs to sort only the labels. Written into `out` when given.
 */
export function ranksOfDescending(values: ArrayLike<number>, n = values.length, out = new Float64Array(n)): Float64Array {
  for (let a = 0; a < n; ) {
    let b = a;
    while (b + 1 < n && values[b + 1] === values[a]) b++;
    const r = n - (a + b) / 2;
    for (let k = a; k <= b; k++) out[k] = r;
    a = b + 1;
  }
  return out;
}

/** Spearman rank correlation: Pearson of average ranks. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>, n = x.length): number {
  if (n < 2) return NaN;
  return pearson(averageRanks(x, n), averageRanks(y, n), n);
}
