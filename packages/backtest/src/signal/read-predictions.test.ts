import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EncodedPredictions } from './encoded-predictions.js';
import { parsePredictionsCsv, readPredictionsCsv } from './read-predictions.js';

describe('parsePredictionsCsv', () => {
  it('reads columns in any order, CRLF lines, quotes, padding, missing and extra fields', () => {
    const csv = [
      'score,"Instrument",extra,datetime',
      '0.5,A,x,2021-03-01',
      ' "0.25" , "b" ,,2021-03-01',
      '',
      '1e-3,C,y,2021-03-02,more,fields',
      ',D,,2021-03-02',
      '7,E',
    ].join('\r\n');
    const p = parsePredictionsCsv(`${csv}\r\n`);
    expect(p.datetime).toEqual(['2021-03-01', '2021-03-01', '2021-03-02', '2021-03-02', '']);
    expect(p.instrument).toEqual(['A', 'b', 'C', 'D', 'E']);
    expect(Array.from(p.values.get('score')!)).toEqual([0.5, 0.25, 0.001, NaN, 7]);
  });

  it('shares one string per run of equal dates and keeps a last line without a newline', () => {
    const p = parsePredictionsCsv('datetime,instrument,score\n2021-03-01,A,1\n2021-03-01,B,2\n2021-03-02,A,3');
    expect(p.datetime).toEqual(['2021-03-01', '2021-03-01', '2021-03-02']);
    expect(Array.from(p.values.get('score')!)).toEqual([1, 2, 3]);
  });

  it("gives each row its own instrument when a day's list differs from the day before (shares the string when equal)", () => {
    const csv = ['datetime,instrument,score', 'd1,A,1', 'd1,B,2', 'd1,C,3', 'd2,A,4', 'd2,AB,5', 'd2,B,6', 'd2,C,7', 'd3,A,8', 'd3,"AB",9'];
    const p = parsePredictionsCsv(csv.join('\n'));
    expect(p.instrument).toEqual(['A', 'B', 'C', 'A', 'AB', 'B', 'C', 'A', 'AB']);
    expect(p.datetime).toEqual(['d1', 'd1', 'd1', 'd2', 'd2', 'd2', 'd2', 'd3', 'd3']);
  });

  it('reads a file of only a header as no rows', () => {
    const p = parsePredictionsCsv('datetime,instrument,score');
    expect([p.datetime.length, p.values.get('score')!.length]).toEqual([0, 0]);
  });
});

describe('parsePredictionsCsv: encoded columns', () => {
  it('codes each distinct date and instrument once, whatever order the days list them in', () => {
    const csv = [
      '\uFEFFdatetime,instrument,score', // a byte-order mark is skipped
      'd1,A,1',
      'd1,B,2',
      'd1,C,3',
      'd2,C,4', // the day before's order broken: A and B come later
      'd2,A,5',
      'd2,D,6',
      'd2,B,7',
      'd3, "A" ,8', // padded and quoted: reads as A
      'd3,D,9',
    ].join('\n');
    const p = parsePredictionsCsv(csv);
    expect(p.rows).toBe(9);
    expect(p.dateTexts).toEqual(['d1', 'd2', 'd3']);
    expect(p.instrumentTexts).toEqual(['A', 'B', 'C', 'D']);
    expect(Array.from(p.instrumentCodes)).toEqual([0, 1, 2, 2, 0, 3, 1, 0, 3]);
    expect(Array.from(p.dateCodes)).toEqual([0, 0, 0, 1, 1, 1, 1, 2, 2]);
    expect(p.instrument).toEqual(['A', 'B', 'C', 'C', 'A', 'D', 'B', 'A', 'D']);
  });

  it('reads a non-ASCII file as UTF-8', () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-predictions-'));
    const path = join(dir, 'pred.csv');
    writeFileSync(path, 'datetime,instrument,score\n2021-03-01,ÄBC,0.5\n2021-03-01,A,0.25\n');
    try {
      expect(readPredictionsCsv(path).instrument).toEqual(['ÄBC', 'A']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('EncodedPredictions.of', () => {
  it('encodes plain columns (cells of any type kept as given) and hands encoded ones back as they are', () => {
    const cols = { datetime: ['d1', 'd1', 'd2'], instrument: ['A', 'B', 'A'], values: new Map([['score', Float64Array.of(1, 2, 3)]]) };
    const e = EncodedPredictions.of(cols);
    expect([e.dateTexts, Array.from(e.dateCodes), e.instrumentTexts, Array.from(e.instrumentCodes)]).toEqual([
      ['d1', 'd2'],
      [0, 0, 1],
      ['A', 'B'],
      [0, 1, 0],
    ]);
    expect([e.datetime, e.instrument]).toEqual([cols.datetime, cols.instrument]);
    expect(EncodedPredictions.of(e)).toBe(e);
    const odd = EncodedPredictions.of({ datetime: [20210301, 20210301] as unknown as string[], instrument: ['A', 'A'], values: new Map() });
    expect(odd.dateTexts).toEqual([20210301]);
  });
});
