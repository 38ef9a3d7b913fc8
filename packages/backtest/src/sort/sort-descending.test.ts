import { describe, expect, it } from 'vitest';
import { mergeSortDescending, sortDescending } from './sort-descending.js';

/** The contract, by a comparator: key descending, tie ascending, then input order. */
function reference(m: number, key: ArrayLike<number>, tie: ArrayLike<number>): number[] {
  return Array.from({ length: m }, (_, j) => j).sort((x, y) =>
    key[y]! > key[x]! ? 1 : key[y]! < key[x]! ? -1 : tie[x]! - tie[y]! || x - y,
  );
}

function run(sort: typeof sortDescending, key: ArrayLike<number>, tie: ArrayLike<number>, m = key.length): number[] {
  const a = Int32Array.from({ length: m }, (_, j) => j);
  return Array.from(sort(a, new Int32Array(m), m, key, tie).subarray(0, m));
}

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('sortDescending', () => {
  it('orders as the comparison does: random scores, heavy ties, signs and zeros of both signs', () => {
    const r = random(3);
    for (const m of [0, 1, 2, 17, 500, 3000]) {
      const key = Float64Array.from({ length: m }, () => {
        const u = r();
        return u < 0.2 ? Math.round(u * 20) / 4 - 0.5 : u < 0.25 ? (u < 0.225 ? 0 : -0) : (r() - 0.5) * 10 ** Math.floor(r() * 8 - 4);
      });
      const tie = Int32Array.from({ length: m }, () => Math.floor(r() * m));
      expect(run(sortDescending, key, tie)).toEqual(reference(m, key, tie));
      expect(run(mergeSortDescending, key, tie)).toEqual(reference(m, key, tie));
    }
  });

  it('orders keys that differ only past their top 48 bits (the full comparison decides them)', () => {
    const base = 0.123456789;
    // neighbours of base one unit in the last place apart, shuffled, with ties descending so they matter
    const near: number[] = [base];
    const bits = new Float64Array(1);
    const words = new Uint32Array(bits.buffer);
    for (let k = 1; k < 40; k++) {
      bits[0] = near[k - 1]!;
      words[0] = words[0]! + 1;
      near.push(bits[0]!);
    }
    const key = Float64Array.from(
      [...near]
        .reverse()
        .concat(near.map((x) => -x))
        .concat([base, base]),
    );
    const tie = Int32Array.from({ length: key.length }, (_, j) => key.length - j);
    expect(run(sortDescending, key, tie)).toEqual(reference(key.length, key, tie));
  });

  it('is stable for rows equal in key and tie, and takes the merge sort past 65,536 rows', () => {
    const key = Float64Array.from({ length: 70_000 }, (_, j) => (j * 7919) % 1000);
    const tie = new Int32Array(key.length); // all equal: input order decides
    expect(run(sortDescending, key, tie)).toEqual(reference(key.length, key, tie));
    const day = Float64Array.from({ length: 600 }, (_, j) => j % 3);
    expect(run(sortDescending, day, new Int32Array(600))).toEqual(reference(600, day, new Int32Array(600)));
  });
});
