import { describe, expect, it } from 'vitest';
import { tinyMarket } from '../../test/tiny-market.js';
import { BacktestError } from '../errors.js';
import { describeAudit, validatePredictions } from './predictions.js';
import { parsePredictionsCsv } from './read-predictions.js';

const provider = tinyMarket({ A: { close: [10, 10, 10, 10, 10, 10] }, B: { close: [10, 10, 10, 10, 10, 10] } }); // 2021-03-01..08

describe('validatePredictions', () => {
  it('drops unknown instruments, off-calendar dates, NaN scores and duplicates, and says so', () => {
    const csv = [
      'datetime,instrument,score',
      '2021-03-01,A,0.5',
      '2021-03-01,b,0.4', // lower case is fine
      '2021-03-01,ZZZ,0.3', // unknown
      '2020-01-01,A,0.1', // before the calendar
      '2021-03-06,A,0.1', // a Saturday inside the range
      '2021-03-02,A,', // empty score
      '2021-03-02,B,nan',
      '2021-03-01,A,0.9', // duplicate: the first row wins
      '2021-03-02,A,0.2',
    ].join('\n');
    const { signal, audit } = validatePredictions(parsePredictionsCsv(csv), provider);
    expect(audit).toMatchObject({ total: 9, kept: 3 });
    expect([
      audit.unknownInstruments.rows,
      audit.outsideCalendar.rows,
      audit.notTradingDay.rows,
      audit.nanScores.rows,
      audit.duplicates.rows,
    ]).toEqual([1, 1, 1, 2, 1]);
    expect(Array.from(signal.day(0)!.score)).toEqual([0.5, 0.4]);
    expect(describeAudit(audit)).toContain('1 row(s) with instruments not in the data (e.g. ZZZ)');
    expect(describeAudit(audit)).toContain('kept 3 of 9');
  });

  it('throws PREDICTIONS_INVALID with the reasons when nothing is usable', () => {
    const run = () => validatePredictions(parsePredictionsCsv('datetime,instrument,score\n2021-03-01,ZZZ,1\n'), provider);
    expect(run).toThrow(BacktestError);
    expect(run).toThrow(/no usable prediction rows: dropped 1 row\(s\) with instruments not in the data/);
  });

  it('rejects a file without the three columns', () => {
    expect(() => parsePredictionsCsv('date,symbol,value\n')).toThrow(/lacks datetime, instrument and score/);
  });
});

describe('validatePredictions on unsorted input', () => {
  it('keeps the first row of a repeated pair wherever it sits, and notes the repeats in file order', () => {
    const csv = [
      'datetime,instrument,score',
      '2021-03-02,B,0.1',
      '2021-03-01,A,0.5',
      '2021-03-02,b,0.7', // repeats 2021-03-02 B (dropped)
      '2021-03-01,B,0.5', // ties with A: B, the instrument seen first in the file, ranks first
      '2021-03-01,A,0.9', // repeats 2021-03-01 A (dropped)
    ].join('\n');
    const { signal, audit } = validatePredictions(parsePredictionsCsv(csv), provider);
    expect(signal.symbols).toEqual(['B', 'A']);
    expect(signal.positions()).toEqual([0, 1]);
    expect([Array.from(signal.day(0)!.inst), Array.from(signal.day(0)!.score)]).toEqual([
      [0, 1],
      [0.5, 0.5],
    ]);
    expect(Array.from(signal.day(1)!.score)).toEqual([0.1]);
    expect(audit.duplicates).toEqual({ rows: 2, examples: ['2021-03-02 B', '2021-03-01 A'] });
    expect(audit.kept).toBe(3);
  });
});

describe('validatePredictions on parsed and on plain columns', () => {
  it('gives the same signal and audit for a file as for its rows handed over as plain arrays', () => {
    const rows = ['datetime,instrument,score'];
    let seed = 11;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (const date of ['2021-03-01', '2021-03-02', '2021-03-06', '2021-03-03', '2021-03-02', '1999-01-01']) {
      for (const inst of ['A', 'B', 'b', 'ZZZ', 'A']) {
        const u = next();
        rows.push(`${date},${inst},${u < 0.1 ? '' : u < 0.15 ? 'nan' : u < 0.3 ? '0.5' : (u - 0.5).toString()}`);
      }
    }
    const parsed = parsePredictionsCsv(rows.join('\n'));
    const plain = { datetime: [...parsed.datetime], instrument: [...parsed.instrument], values: parsed.values };
    const a = validatePredictions(parsed, provider);
    const b = validatePredictions(plain, provider);
    expect(a.audit).toEqual(b.audit);
    expect(a.audit.duplicates.rows).toBeGreaterThan(0);
    expect(a.signal.symbols).toEqual(b.signal.symbols);
    for (const p of a.signal.positions()) {
      expect([Array.from(a.signal.day(p)!.inst), Array.from(a.signal.day(p)!.score)]).toEqual([
        Array.from(b.signal.day(p)!.inst),
        Array.from(b.signal.day(p)!.score),
      ]);
    }
  });
});
