/**
 * A small seeded uniform generator (mulberry32): the random buy/sell methods must be reproducible, where
 * Qlib's `np.random.choice` uses the global, unseeded state.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `n` distinct items of `items` in random order, numpy's `choice(items, n, replace=False)`; like the
 * `except ValueError` branches in Qlib, a request it cannot satisfy (n < 0 or n > length) returns all items.
 */
export function sampleWithoutReplacement<T>(items: readonly T[], n: number, random: () => number): T[] {
  if (n < 0 || n > items.length) return [...items];
  const a = [...items];
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (a.length - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, n);
}
