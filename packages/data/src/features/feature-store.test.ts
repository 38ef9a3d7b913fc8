import { describe, expect, it } from 'vitest';
import { businessDays, writeSyntheticProvider } from '../expr/testing/synthetic-provider.js';
import { alpha158 } from '../handler/alpha158.js';
import { handlerColumns } from '../handler/resolve-handler.js';
import { computeFeatures } from './compute-features.js';
import { FeatureStore } from './feature-store.js';

const dates = businessDays('2019-01-01', 160);
// deterministic pseudo-random walks for three symbols (one listed late)
function walk(seed: number, n: number) {
  let s = seed;
  const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const close: number[] = [];
  let c = 20 + seed;
  for (let i = 0; i < n; i++) close.push((c *= 1 + (rnd() - 0.5) * 0.04));
  return {
    close,
    open: close.map((v) => v * (1 + (rnd() - 0.5) * 0.01)),
    high: close.map((v) => v * (1 + rnd() * 0.02)),
    low: close.map((v) => v * (1 - rnd() * 0.02)),
    volume: close.map(() => Math.round(1e5 * (1 + rnd()))),
  };
}
const provider = writeSyntheticProvider(dates, {
  AAA: { fields: walk(1, 160) },
  BBB: { fields: walk(2, 160) },
  CCC: { start: 50, fields: walk(3, 110) },
});

describe('FeatureStore', () => {
  const fields = [...handlerColumns(alpha158()), { name: 'EMA10', expr: 'EMA($close, 10)' }, { name: 'EXP', expr: 'Mean($close, 0)' }];

  it('extending the end computes only the new days and equals a full recompute', () => {
    const store = new FeatureStore();
    const first = store.get(provider, { fields, instruments: 'all', start: dates[70], end: dates[120] });
    expect(store.lastStats?.kind).toBe('full');
    const extended = store.get(provider, { fields, instruments: 'all', start: dates[70], end: dates[159] });
    expect(store.lastStats).toEqual({ kind: 'extend', computed: [119, 159] }); // 2 label days recomputed
    const full = computeFeatures(provider, { fields, instruments: 'all', start: dates[70], end: dates[159] });
    expect(extended.instruments).toEqual(full.instruments);
    expect([...extended.rowDate]).toEqual([...full.rowDate]);
    expect([...extended.rowInstrument]).toEqual([...full.rowInstrument]);
    full.values.forEach((col, c) => {
      const got = extended.values[c]!;
      for (let r = 0; r < col.length; r++) {
        if (!(Object.is(got[r], col[r]) || Math.abs(got[r]! - col[r]!) <= 1e-6 * Math.abs(col[r]!))) {
          throw new Error(`${full.columns[c]} row ${r}: ${got[r]} vs ${col[r]}`);
        }
      }
    });
    expect(first.rowDate.length).toBeLessThan(full.rowDate.length);
  });

  it('serves a sub-range from the cache', () => {
    const store = new FeatureStore();
    store.get(provider, { fields, instruments: 'all', start: dates[10], end: dates[100] });
    const sub = store.get(provider, { fields, instruments: 'all', start: dates[20], end: dates[30] });
    expect(store.lastStats?.kind).toBe('hit');
    const direct = computeFeatures(provider, { fields, instruments: 'all', start: dates[20], end: dates[30] });
    expect([...sub.rowDate]).toEqual([...direct.rowDate]);
    expect(sub.instruments).toEqual(direct.instruments);
    expect([...sub.values[5]!]).toEqual([...direct.values[5]!]);
  });

  it('serves the cached range itself as the cached frame, not a copy', () => {
    const store = new FeatureStore();
    const first = store.get(provider, { fields, instruments: 'all', start: dates[10], end: dates[100] });
    const again = store.get(provider, { fields, instruments: 'all', start: dates[10], end: dates[100] });
    expect(store.lastStats?.kind).toBe('hit');
    expect(again).toBe(first);
  });
});
