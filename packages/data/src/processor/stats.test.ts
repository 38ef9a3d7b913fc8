import { describe, expect, it } from 'vitest';
import { nanMeanStd, nanMedian } from './stats.js';

/** numpy.nanmedian by full sort, the reference the quickselect must agree with. */
function sortedMedian(xs: number[]): number {
  const s = xs.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

describe('stats', () => {
  it('nanMedian equals the sort-based median on random data with ties, NaN and infinities', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(rnd() * 40);
      const xs = Array.from({ length: n }, () => {
        const u = rnd();
        return u < 0.1 ? NaN : u < 0.13 ? Infinity : u < 0.16 ? -Infinity : Math.floor(rnd() * 8);
      });
      expect(nanMedian(Float64Array.from(xs)), JSON.stringify(xs)).toEqual(sortedMedian(xs));
    }
    expect(nanMedian(new Float64Array([NaN]))).toBeNaN();
    expect(nanMedian(new Float64Array([5, 1, 9, 3]), 1, 3)).toBe(5);
  });

  it('nanMeanStd follows ddof', () => {
    const xs = new Float64Array([1, 2, NaN, 3, 4]);
    expect(nanMeanStd(xs, 0, 5, 0)).toEqual({ mean: 2.5, std: Math.sqrt(1.25), n: 4 });
    expect(nanMeanStd(xs, 0, 5, 1).std).toBeCloseTo(Math.sqrt(5 / 3), 15);
    expect(nanMeanStd(xs, 0, 1, 1).std).toBeNaN();
  });
});
