import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { mergeRollingPredictions } from './merge-rolling.js';

describe('mergeRollingPredictions', () => {
  it('orders parts by first date and lets the later part win on overlap', () => {
    const later = table({ datetime: ['2020-01-03', '2020-01-06'], instrument: ['A', 'A'], score: [30, 60] });
    const earlier = table({ datetime: ['2020-01-02', '2020-01-03', '2020-01-03'], instrument: ['A', 'A', 'B'], score: [2, 3, 4] });
    const m = mergeRollingPredictions([later, earlier]);
    expect(m.objects()).toEqual([
      { datetime: '2020-01-02', instrument: 'A', score: 2 },
      { datetime: '2020-01-03', instrument: 'A', score: 30 },
      { datetime: '2020-01-03', instrument: 'B', score: 4 },
      { datetime: '2020-01-06', instrument: 'A', score: 60 },
    ]);
  });

  it('keeps NaN values and skips empty parts', () => {
    const a = table({ datetime: ['2020-01-02'], instrument: ['A'], LABEL0: [Number.NaN] });
    const empty = table({ datetime: [] as string[], instrument: [] as string[], LABEL0: [] as number[] });
    const m = mergeRollingPredictions([empty, a]);
    expect(m.numRows()).toBe(1);
    expect(Number.isNaN(m.get('LABEL0', 0))).toBe(true);
  });
});
