import { appendNewRows, fromPredictionColumns, toPredictionColumns } from '@rollq/data';
import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { decodePredictions, encodePredictions } from './prediction-table.js';

const preds = table({
  datetime: ['2020-01-03', '2020-01-02', '2020-01-02'],
  instrument: ['SH600000', 'SZ000001', 'SH600000'],
  score: Float64Array.from([0.3, Number.NaN, -0.125]),
});

describe('prediction tables', () => {
  it('sorts rows by (datetime, instrument) and keeps NaN', () => {
    const c = toPredictionColumns(preds);
    expect(c.datetime).toEqual(['2020-01-02', '2020-01-02', '2020-01-03']);
    expect(c.instrument).toEqual(['SH600000', 'SZ000001', 'SH600000']);
    expect(Array.from(c.values.get('score')!)).toEqual([-0.125, Number.NaN, 0.3]);
  });

  it('rejects tables without datetime / instrument first, or with non-numeric values', () => {
    expect(() => toPredictionColumns(table({ instrument: ['A'], datetime: ['2020-01-02'], score: [1] }))).toThrow(
      /columns \[instrument, datetime, score\]/,
    );
    expect(() => toPredictionColumns(table({ datetime: ['2020-01-02'], instrument: ['A'] }))).toThrow(
      expect.objectContaining({ code: 'PREDICTIONS_INVALID', hint: expect.stringMatching(/value columns/) }),
    );
    expect(() => toPredictionColumns(table({ datetime: ['2020-01-02'], instrument: ['A'], score: ['high'] }))).toThrow(/not a number/);
    expect(() => toPredictionColumns(table({ datetime: ['Jan 2'], instrument: ['A'], score: [1] }))).toThrow(/ISO date/);
  });

  it.each(['arrow', 'csv'] as const)('round-trips through %s exactly, keys staying strings', (format) => {
    const t = table({
      datetime: ['2020-01-02', '2020-01-02'],
      instrument: ['000001', 'SH600000'],
      score: Float64Array.from([0.1 + 0.2, Number.NaN]),
      label: Float64Array.from([1e-300, -2.5]),
    });
    const back = decodePredictions(encodePredictions(toPredictionColumns(t), format), format);
    expect(back.datetime).toEqual(['2020-01-02', '2020-01-02']);
    expect(back.instrument).toEqual(['000001', 'SH600000']);
    expect(Array.from(back.values.get('score')!)).toEqual([0.1 + 0.2, Number.NaN]);
    expect(Array.from(back.values.get('label')!)).toEqual([1e-300, -2.5]);
  });

  it('appends only unseen keys and never changes stored rows', () => {
    const base = toPredictionColumns(preds);
    const extra = toPredictionColumns(
      table({
        datetime: ['2020-01-03', '2020-01-06', '2020-01-06', '2020-01-02'],
        instrument: ['SH600000', 'SH600000', 'SH600000', 'SH600001'],
        score: Float64Array.from([99, 1, 2, 5]),
      }),
    );
    const { merged, added } = appendNewRows(base, extra);
    expect(added).toBe(2); // 01-03 exists; the second 01-06 row repeats the first; SH600001 slots in between
    const rows = fromPredictionColumns(merged).objects();
    expect(rows).toEqual([
      { datetime: '2020-01-02', instrument: 'SH600000', score: -0.125 },
      { datetime: '2020-01-02', instrument: 'SH600001', score: 5 },
      { datetime: '2020-01-02', instrument: 'SZ000001', score: Number.NaN },
      { datetime: '2020-01-03', instrument: 'SH600000', score: 0.3 },
      { datetime: '2020-01-06', instrument: 'SH600000', score: 1 },
    ]);
    expect(appendNewRows(merged, extra).added).toBe(0);
  });

  it('refuses to append a table with different value columns', () => {
    const other = toPredictionColumns(table({ datetime: ['2020-01-06'], instrument: ['A'], label: [1] }));
    expect(() => appendNewRows(toPredictionColumns(preds), other)).toThrow(/differ from stored columns/);
  });
});
