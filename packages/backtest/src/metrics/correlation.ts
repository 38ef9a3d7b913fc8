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

/** Ranks 1..n with ties given their average rank (pandas `rank(method="average")`). */
export function averageRanks(values: ArrayLike<number>, n = values.length): Float64Array {
  const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]!] === values[order[i]!]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = r;
    i = j + 1;
  }
  return ranks;
}

/** Spearman rank correlation: Pearson of average ranks. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>, n = x.length): number {
  if (n < 2) return NaN;
  return pearson(averageRanks(x, n), averageRanks(y, n), n);
}
