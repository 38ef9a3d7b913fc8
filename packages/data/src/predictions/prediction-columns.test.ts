import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import {
  fromPredictionColumns,
  makePredictionTable,
  readPredictionColumns,
  sortPredictionRows,
  toPredictionColumns,
} from './prediction-columns.js';

describe('PredictionColumns: one shape, read from and written to arquero tables in one place', () => {
  const stored = makePredictionTable(['2020-01-03', '2020-01-02'], ['B', 'A'], {
    score: Float64Array.of(0.5, Number.NaN),
    label: Float64Array.of(1, 2),
  });

  it('the strict reader (stored tables) sorts by (datetime, instrument); the lenient one keeps the order', () => {
    const strict = toPredictionColumns(stored);
    expect(strict.datetime).toEqual(['2020-01-02', '2020-01-03']);
    expect(strict.instrument).toEqual(['A', 'B']);
    expect([...strict.values.keys()]).toEqual(['score', 'label']);
    expect(Array.from(strict.values.get('score')!)).toEqual([Number.NaN, 0.5]);
    const lenient = readPredictionColumns(stored, 'stored');
    expect(lenient.datetime).toEqual(['2020-01-03', '2020-01-02']);
    expect(sortPredictionRows(lenient)).toEqual(strict);
  });

  it('the lenient reader takes key columns anywhere, Dates, time parts and non-number values', () => {
    const c = readPredictionColumns(
      table({
        score: [1, null, '2.5'],
        instrument: [600000, 'B', 'C'],
        datetime: [new Date('2020-01-02T00:00:00Z'), '2020-01-03 00:00:00', '2020-01-06'],
      }),
      'loose',
    );
    expect(c.datetime).toEqual(['2020-01-02', '2020-01-03', '2020-01-06']);
    expect(c.instrument).toEqual(['600000', 'B', 'C']);
    expect(Array.from(c.values.get('score')!)).toEqual([1, Number.NaN, 2.5]);
    expect(() => readPredictionColumns(table({ date: ['2020-01-02'], score: [1] }), 'part "x"')).toThrow(
      expect.objectContaining({ code: 'PREDICTIONS_INVALID', message: expect.stringMatching(/part "x" has no "datetime" column/) }),
    );
  });

  it('back to a table: datetime, instrument, then the value columns in order, typed arrays kept', () => {
    const t = fromPredictionColumns(toPredictionColumns(stored));
    expect(t.columnNames()).toEqual(['datetime', 'instrument', 'score', 'label']);
    expect(t.column('label')).toBeInstanceOf(Float64Array);
    expect(t.objects()[1]).toEqual({ datetime: '2020-01-03', instrument: 'B', score: 0.5, label: 1 });
  });
});
