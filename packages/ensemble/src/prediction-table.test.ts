import { readPredictionColumns } from '@rollq/data';
import * as aq from 'arquero';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { unionIndex } from './prediction-table.js';

describe('unionIndex', () => {
  const a = readPredictionColumns(
    aq.table({ datetime: ['2020-01-03', '2020-01-02', '2020-01-02'], instrument: ['b', 'b', 'a'], score: [1, 2, 3] }),
    'a',
  );
  const b = readPredictionColumns(
    aq.table({ datetime: ['2020-01-02 00:00:00', '2020-01-06'], instrument: ['c', 'a'], score: [4, 5] }),
    'b',
  );

  it('sorts the union by datetime then instrument and maps every input row to it', () => {
    const u = unionIndex([a, b]);
    expect(u.datetime).toEqual(['2020-01-02', '2020-01-02', '2020-01-02', '2020-01-03', '2020-01-06']);
    expect(u.instrument).toEqual(['a', 'b', 'c', 'b', 'a']);
    expect([...u.rowsOf[0]!]).toEqual([3, 1, 0]);
    expect([...u.rowsOf[1]!]).toEqual([2, 4]);
  });

  it('the sorted fallback (huge grids) gives the same index as the dense path', () => {
    const rng = seedrandom('union');
    const part = () =>
      readPredictionColumns(
        aq.table({
          datetime: Array.from({ length: 400 }, () => `2020-0${1 + Math.floor(rng() * 9)}-1${Math.floor(rng() * 9)}`),
          instrument: Array.from({ length: 400 }, () => `S${Math.floor(rng() * 50)}`),
          score: Array.from({ length: 400 }, () => rng()),
        }),
        'r',
      );
    const parts = [part(), part(), part()];
    expect(unionIndex(parts, 0)).toEqual(unionIndex(parts));
    expect(unionIndex(parts).datetime.length).toBeLessThan(1200);
  });

  it('reads Date values and non-numeric scores as the notes expect', () => {
    const c = readPredictionColumns(aq.table({ datetime: [new Date('2020-01-02T00:00:00Z')], instrument: [7], score: [null] }), 'c');
    expect(c.datetime).toEqual(['2020-01-02']);
    expect(c.instrument).toEqual(['7']);
    expect(Number.isNaN(c.values.get('score')![0])).toBe(true);
  });
});
