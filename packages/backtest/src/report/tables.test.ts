import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { goldenProvider, goldenSignal } from '../../test/golden-data.js';
import { runBacktest } from '../backtest/run-backtest.js';
import { TopkDropoutStrategy } from '../strategy/topk-dropout.js';
import { columnsCsv, positionsColumns, tradesColumns } from './columns.js';
import { positionsTable, reportTable, tradesTable } from './tables.js';

describe('columnsCsv', () => {
  it("gives arquero's toCSV text for awkward cells: quotes, commas, line breaks, NaN, -0, tiny and huge numbers", () => {
    const columns = {
      name: ['plain', 'with,comma', 'say "hi"', 'two\nlines', 'cr\r', ''],
      'odd,header': Float64Array.from([Number.NaN, -0, 1e-7, 1.5e21, -Infinity, 0.1 + 0.2]),
      count: Int32Array.from([1, -2, 0, 2 ** 31 - 1, 7, 8]),
    };
    expect(columnsCsv(columns)).toBe(table(columns).toCSV());
    expect(columnsCsv({ a: [], b: new Float64Array(0) })).toBe(table({ a: [], b: new Float64Array(0) }).toCSV());
  });

  it('writes the report tables as arquero does', () => {
    const res = runBacktest(goldenProvider(), goldenSignal(), new TopkDropoutStrategy({ topk: 3, nDrop: 1 }), {
      start: '2020-01-03',
      end: '2020-02-11',
    });
    expect(res.positions.length).toBeGreaterThan(10);
    expect(columnsCsv(positionsColumns(res))).toBe(positionsTable(res).toCSV());
    expect(columnsCsv(tradesColumns(res))).toBe(tradesTable(res).toCSV());
    expect(reportTable(res).numRows()).toBe(res.dates.length);
  });
});
