import { describe, expect, it } from 'vitest';
import { parsePredictionsCsv } from './read-predictions.js';

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

  it('reads a file of only a header as no rows', () => {
    const p = parsePredictionsCsv('datetime,instrument,score');
    expect([p.datetime.length, p.values.get('score')!.length]).toEqual([0, 0]);
  });
});
