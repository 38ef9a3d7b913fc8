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
