import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../errors.js';
import { expectClose } from '../expr/testing/expect-close.js';
import { businessDays, writeSyntheticProvider } from '../expr/testing/synthetic-provider.js';
import { computeFeatures } from './compute-features.js';
import type { FrameColumn } from './feature-frame.js';

const x = [10, 11, 12, NaN, 13, 12, 15, 14, 14, 16, 15, 17];
const y = [1, 3, 2, 5, 4, NaN, 6, 8, 7, 9, 9, 10];
const dates = businessDays('2020-01-01', 12);
const provider = writeSyntheticProvider(dates, { T: { fields: { x, y } } });

function column(frame: ReturnType<typeof computeFeatures>, name: string): FrameColumn {
  return frame.values[frame.columns.indexOf(name)]!;
}

describe('computeFeatures', () => {
  it('reproduces qlib path dependence for a query starting at index 7 (research §2.6)', () => {
    const golden: Record<string, number[]> = {
      'Mean($x,3)': [13.6667, 14.3333, 14.6667, 15, 16],
      'EMA($x,3)': [14, 14, 15.0323, 15.0159, 16.0157],
      'EMA($x,0.5)': [13.8623, 13.9324, 14.9754, 14.9877, 15.9961],
      'Mean($x,0)': [14, 14, 14.6667, 14.75, 15.2],
      'Ref($x,0)': [14, 14, 14, 14, 14],
      'Delta($x,0)': [0, 0, 2, 1, 3],
      'Slope($x,0)': [NaN, 0, 1, 0.5, 0.7],
      'Rank($x,3)': [0.666667, 0.5, 1, 0.666667, 1],
      'Corr($x,$y,3)': [-1, -0.866025, 0.866025, 0.866025, 0.866025],
    };
    const frame = computeFeatures(provider, {
      fields: Object.keys(golden).map((expr) => ({ name: expr, expr })),
      instruments: 'all',
      start: dates[7],
      end: dates[11],
    });
    expect([...frame.rowDate]).toEqual([7, 8, 9, 10, 11]);
    for (const [expr, expected] of Object.entries(golden)) expectClose(column(frame, expr), expected, expr);
  });

  it('a range starting mid-history equals the slice of a full-range run (lookback extension)', () => {
    const fields = ['Mean($x,5)', 'Std($x,4)', 'Corr($x,$y,4)', 'IdxMax($x,5)', 'WMA($x,4)', 'Ref($x,-2)', 'Slope(Mean($x,2),3)'].map(
      (expr) => ({ name: expr, expr }),
    );
    const full = computeFeatures(provider, { fields, instruments: ['T'] });
    const part = computeFeatures(provider, { fields, instruments: ['T'], start: dates[6], end: dates[9] });
    expect([...part.rowDate]).toEqual([6, 7, 8, 9]);
    for (const f of fields) expectClose(column(part, f.name), column(full, f.name).slice(6, 10), f.name, 1e-12, 1e-12);
  });

  it('rows follow membership spans and stored ranges, ordered by (date, instrument)', () => {
    const d = businessDays('2021-01-04', 6);
    const p = writeSyntheticProvider(d, {
      AAA: { fields: { close: [1, 2, 3, 4, 5, 6] } },
      BBB: { start: 2, fields: { close: [7, 8, 9] } }, // listed on day 2, last stored day 4
    });
    writeFileSync(join(p.root, 'instruments', 'mkt.txt'), `AAA\t${d[0]}\t${d[1]}\nAAA\t${d[4]}\t${d[5]}\nBBB\t${d[0]}\t${d[5]}\n`);
    p.clearCache();
    const frame = computeFeatures(p, {
      fields: [
        { name: 'R', expr: '$close/Ref($close,1)' },
        { name: 'L', expr: 'Ref($close,-1)' },
      ],
      instruments: 'mkt',
    });
    expect(frame.instruments).toEqual(['AAA', 'BBB']);
    expect([...frame.rowDate]).toEqual([0, 1, 2, 3, 4, 4, 5]);
    expect([...frame.rowInstrument]).toEqual([0, 0, 1, 1, 0, 1, 0]);
    // BBB's first day has no previous close; its last stored day has no next close
    expectClose(column(frame, 'R'), [NaN, 2, NaN, 8 / 7, 5 / 4, 9 / 8, 6 / 5], 'R');
    expectClose(column(frame, 'L'), [2, 3, 8, 9, 6, NaN, NaN], 'L');
  });

  it('stores computed columns as float32 (Qlib casts every expression result to float32)', () => {
    const fields = ['$x', 'Mean($x,3)'].map((expr) => ({ name: expr, expr }));
    const frame = computeFeatures(provider, { fields, instruments: ['T'] });
    expect(frame.values.every((v) => v instanceof Float32Array)).toBe(true);
    expect(frame.values[0]![0]).toBe(10);
  });

  it('rejects bad options and names the field of a bad expression', () => {
    expect(() => computeFeatures(provider, { fields: [], instruments: 'all' })).toThrow(DataError);
    expect(() => computeFeatures(provider, { fields: [{ name: 'BAD', expr: 'Meen($x, 3)' }], instruments: 'all' })).toThrow(
      /field BAD: unknown operator "Meen"/,
    );
  });
});
