import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { frameFromRows } from '../dataset/frame-from-rows.js';
import { defaultProcessorRegistry } from './registry.js';
import { float32ZScore, nanMeanStd, nanMedian, pairwiseSum } from './stats.js';

// Qlib's own CSZScoreNorm (pandas 2.2) on real CN daily returns in float32, as bit patterns (testing/cs-zscore-golden.py).
const golden = JSON.parse(readFileSync(new URL('./testing/cs-zscore.golden.json', import.meta.url), 'utf8')) as {
  sizes: number[];
  x: number[];
  z: number[];
};
const bits = (xs: ArrayLike<number>) => Array.from(new Uint32Array(Float32Array.from(xs).buffer));

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

  it("pairwiseSum is numpy's summation order: a float32 sum of 300 values differs from a plain loop and matches the blocked one", () => {
    const xs = Float32Array.from({ length: 300 }, (_, i) => Math.fround(Math.sin(i * 1.7) * 1e-2 + 1));
    let plain = 0;
    for (const v of xs) plain = Math.fround(plain + v);
    const pw = pairwiseSum(xs, 0, xs.length, Math.fround);
    // 300 → 144 + 156 (halves on multiples of 8), each in 8 accumulators
    const half = (lo: number, n: number) => pairwiseSum(xs, lo, n, Math.fround);
    expect(pw).toBe(Math.fround(half(0, 144) + half(144, 156)));
    expect(pw).not.toBe(plain);
    expect(pairwiseSum([1, NaN, 2], 0, 3)).toBe(3);
  });

  it("float32 CSZScoreNorm equals Qlib's (pandas float32) bit for bit on real CN returns, days of 3 to 390 with NaN", () => {
    const x = new Float32Array(new Uint32Array(golden.x).buffer);
    const out = new Float32Array(x.length);
    let lo = 0;
    for (const n of golden.sizes) {
      float32ZScore(x, out, lo, lo + n, new Float64Array(n));
      lo += n;
    }
    expect(bits(out)).toEqual(golden.z);
    // the float64 computation rounded once at the end is what rollq did before: it misses many of them
    let off = 0;
    lo = 0;
    for (const n of golden.sizes) {
      const { mean, std } = nanMeanStd(x, lo, lo + n, 1);
      for (let i = lo; i < lo + n; i++) if (bits([(x[i]! - mean) / std])[0] !== golden.z[i] && x[i] === x[i]) off++;
      lo += n;
    }
    expect(off).toBeGreaterThan(golden.x.length / 10);
  });

  it('the CSZScoreNorm processor takes the float32 path on a float32 frame', () => {
    const x = new Float32Array(new Uint32Array(golden.x).buffer);
    const calendar = golden.sizes.map((_, d) => `2020-01-${String(d + 1).padStart(2, '0')}`);
    const rows = golden.sizes.flatMap((n, d) =>
      Array.from({ length: n }, (_, i) => [calendar[d]!, `S${String(i).padStart(4, '0')}`] as const),
    );
    const frame = frameFromRows({ calendar, rows, columns: { L: Array.from(x) } });
    const f32 = { ...frame, values: [Float32Array.from(frame.values[0]!)] };
    const z = defaultProcessorRegistry()
      .create({ class: 'CSZScoreNorm', kwargs: { fields_group: 'label' } })
      .transform(f32, { labelColumns: new Set(['L']) });
    expect(bits(z.values[0]!)).toEqual(golden.z);
  });
});
