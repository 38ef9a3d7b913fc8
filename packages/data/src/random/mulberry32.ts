/**
 * A small seeded uniform generator (mulberry32) in [0, 1). rollq's packages share it because
 * `Math.random` cannot be seeded and reproducibility matters in several places: model batch shuffles and
 * synthetic data (`@rollq/model`), and the random buy/sell methods of TopK-dropout (`@rollq/backtest`),
 * where Qlib's `np.random.choice` uses numpy's global, unseeded state.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
