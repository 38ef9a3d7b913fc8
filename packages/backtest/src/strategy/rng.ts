import { mulberry32 } from '@rollq/data/provider';

/** The seeded uniform generator of the random buy/sell methods (mulberry32, shared from `@rollq/data`). */
export const seededRandom: (seed: number) => () => number = mulberry32;

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
