/**
 * Weighted moving averages as Qlib computes them: WMA (with its mean-of-products quirk), EMA via pandas'
 * `ewm(adjust=True, ignore_na=False)` recursion, and the expanding EMA used for N = 0. All three run on pandas
 * windows (`rolling().apply`, `ewm`, `expanding().apply`), which see ±inf as NaN.
 */

/**
 * Qlib WMA: weights `1..L` normalised over the current window length L (shorter at the series start),
 * then `nanmean(w * x)`: the weighted mean divided by the number of valid values (Qlib's quirk, kept).
 */
export function rollingWma(x: Float64Array, w: number, start: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n).fill(NaN);
  for (let i = Math.max(0, start); i < n; i++) {
    const lo = Math.max(start, i - w + 1);
    const len = i - lo + 1;
    const norm = (len * (len + 1)) / 2;
    let s = 0;
    let c = 0;
    for (let k = lo; k <= i; k++) {
      const v = x[k]!;
      if (Number.isFinite(v)) {
        s += ((k - lo + 1) / norm) * v;
        c++;
      }
    }
    if (c > 0) out[i] = s / c;
  }
  return out;
}

/**
 * pandas `ewm(alpha, adjust=True, ignore_na=False, min_periods=1).mean()`: NaN until the first valid value,
 * a NaN row repeats the previous mean but still ages the old weight.
 */
export function ewmMean(x: Float64Array, alpha: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  const oldFactor = 1 - alpha;
  let weighted = NaN;
  let oldWt = 1;
  for (let i = 0; i < n; i++) {
    const cur = x[i]!;
    const obs = Number.isFinite(cur);
    if (weighted === weighted) {
      oldWt *= oldFactor;
      if (obs) {
        if (weighted !== cur) weighted = (oldWt * weighted + cur) / (oldWt + 1);
        oldWt += 1;
      }
    } else if (obs) {
      weighted = cur;
    }
    out[i] = weighted;
  }
  return out;
}

/**
 * Qlib's EMA(x, 0): an expanding apply where a window of m rows gets weights `(1 - 2/(m+1))^age`,
 * normalised to 1 before NaN rows are dropped, then `nansum`. O(n²), like Qlib.
 */
export function expandingEma(x: Float64Array, start: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n).fill(NaN);
  for (let i = Math.max(0, start); i < n; i++) {
    const m = i - start + 1;
    const a = 1 - 2 / (1 + m);
    let wsum = 0;
    let s = 0;
    let valid = 0;
    let wk = 1;
    for (let k = i; k >= start; k--) {
      wsum += wk;
      const v = x[k]!;
      if (Number.isFinite(v)) {
        s += wk * v;
        valid++;
      }
      wk *= a;
    }
    if (valid > 0) out[i] = s / wsum;
  }
  return out;
}
