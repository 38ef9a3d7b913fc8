/**
 * Long-only target-weight optimizer: caps each weight at `maxWeight` and hands the excess to the uncapped
 * names in proportion to their weights (water-filling) until no weight is over the cap; what cannot be
 * placed stays in cash. Weights in, weights out; the sum never grows.
 *
 * @example
 * capWeights(Float64Array.of(0.6, 0.3, 0.1), 0.4); // [0.4, 0.45…] → capped again → [0.4, 0.4, 0.2]
 */
export function capWeights(weights: Float64Array, maxWeight: number | null): Float64Array {
  const w = Float64Array.from(weights, (x) => Math.max(0, x));
  if (maxWeight === null) return w;
  const capped = new Uint8Array(w.length);
  for (let iter = 0; iter < w.length + 1; iter++) {
    let excess = 0;
    let free = 0;
    for (let i = 0; i < w.length; i++) {
      if (!capped[i] && w[i]! > maxWeight) {
        excess += w[i]! - maxWeight;
        w[i] = maxWeight;
        capped[i] = 1;
      }
    }
    if (excess <= 1e-15) break;
    for (let i = 0; i < w.length; i++) if (!capped[i]) free += w[i]!;
    if (free <= 0) break; // everything is at the cap: the rest stays in cash
    for (let i = 0; i < w.length; i++) if (!capped[i]) w[i] = w[i]! + (excess * w[i]!) / free;
  }
  return w;
}

/**
 * Moves `current` toward `target` by at most `limit` total turnover (Σ|Δw|): a uniform fraction
 * α = min(1, limit / Σ|target − current|) of every trade, so the relative trade list is preserved.
 */
export function limitTurnover(current: Float64Array, target: Float64Array, limit: number | null): Float64Array {
  let total = 0;
  for (let i = 0; i < target.length; i++) total += Math.abs(target[i]! - current[i]!);
  if (limit === null || total <= limit) return Float64Array.from(target);
  const a = limit / total;
  return Float64Array.from(target, (t, i) => current[i]! + a * (t - current[i]!));
}
