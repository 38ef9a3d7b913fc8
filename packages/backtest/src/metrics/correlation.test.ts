import { describe, expect, it } from 'vitest';
import { averageRanks, pearson, ranksOfDescending, spearman } from './correlation.js';

describe('correlation', () => {
  it('pearson by hand', () => {
    // x = 1,2,3 ; y = 2,4,7: sxy = 5, sxx = 2, syy = 12.667 → 5/√25.333
    expect(pearson([1, 2, 3], [2, 4, 7])).toBeCloseTo(5 / Math.sqrt(2 * (38 / 3)), 12);
    expect(Number.isNaN(pearson([1, 1, 1], [1, 2, 3]))).toBe(true);
    expect(Number.isNaN(pearson([1], [1]))).toBe(true);
  });

  it('average ranks for ties, spearman = pearson of ranks', () => {
    expect(Array.from(averageRanks([10, 20, 10, 5]))).toEqual([2.5, 4, 2.5, 1]);
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 16])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    // descending input: same ranks as the general routine, without sorting
    expect(Array.from(ranksOfDescending([9, 7, 7, 3, 1, 1, 1]))).toEqual(Array.from(averageRanks([9, 7, 7, 3, 1, 1, 1])));
  });

  it('average ranks of long inputs with many ties: count below plus half the ties, for every value', () => {
    for (const n of [17, 33, 100, 505]) {
      const v = Array.from({ length: n }, (_, k) => ((k * 7919) % 13) - 6 + (k % 3 === 0 ? 0 : 0.5));
      const want = v.map((x) => v.filter((y) => y < x).length + (v.filter((y) => y === x).length + 1) / 2);
      expect(Array.from(averageRanks(v))).toEqual(want);
    }
  });
});
