import { describe, expect, it } from 'vitest';
import type { FeatureFrame } from './feature-frame.js';
import { summarizeFeatures } from './feature-summary.js';

function frame(columns: Record<string, number[]>): FeatureFrame {
  const values = Object.values(columns).map((v) => Float64Array.from(v));
  const n = values[0]?.length ?? 0;
  return {
    columns: Object.keys(columns),
    values,
    rowDate: new Int32Array(n),
    rowInstrument: new Int32Array(n),
    instruments: ['AAA'],
    calendar: ['2020-01-02'],
  };
}

describe('summarizeFeatures', () => {
  it('mean, population std, min, max over finite values and the NaN share', () => {
    const f = frame({ A: [1, 2, 3, 4, NaN], B: [-1, Infinity, 1, NaN, 0] });
    const [a, b] = summarizeFeatures(f);
    expect(a).toMatchObject({ name: 'A', count: 4, mean: 2.5, min: 1, max: 4, nanPercent: 20 });
    expect(a!.std).toBeCloseTo(Math.sqrt(1.25), 12);
    expect(b).toMatchObject({ name: 'B', count: 3, mean: 0, min: -1, max: 1, nanPercent: 40 });
    expect(b!.std).toBeCloseTo(Math.sqrt(2 / 3), 12);
  });

  it('keeps the order of `names`, skips names the frame lacks, NaN statistics for an all-missing column', () => {
    const f = frame({ A: [1, 1], B: [NaN, NaN] });
    const rows = summarizeFeatures(f, ['B', 'missing', 'A']);
    expect(rows.map((r) => r.name)).toEqual(['B', 'A']);
    expect(rows[0]).toMatchObject({ count: 0, mean: NaN, std: NaN, min: NaN, max: NaN, nanPercent: 100 });
    expect(rows[1]).toMatchObject({ count: 2, mean: 1, std: 0, min: 1, max: 1, nanPercent: 0 });
  });

  it('an empty frame gives NaN statistics and 0 % missing', () => {
    expect(summarizeFeatures(frame({ A: [] }))).toEqual([{ name: 'A', count: 0, mean: NaN, std: NaN, min: NaN, max: NaN, nanPercent: 0 }]);
  });
});
