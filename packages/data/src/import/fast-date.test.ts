import { describe, expect, it } from 'vitest';
import { parseDayCell } from './fast-date.js';

describe('parseDayCell', () => {
  it('accepts plain days, leap days and time parts (canonicalised)', () => {
    expect(parseDayCell('2017-07-26', 'd')).toBe('2017-07-26');
    expect(parseDayCell('2016-02-29', 'd')).toBe('2016-02-29');
    expect(parseDayCell('2000-02-29', 'd')).toBe('2000-02-29');
    expect(parseDayCell('2020-01-02 00:00:00', 'd')).toBe('2020-01-02');
  });
  it('rejects impossible days the fast path must not let through', () => {
    for (const bad of [
      '2017-02-29',
      '1900-02-29',
      '2020-04-31',
      '2020-13-01',
      '2020-00-10',
      '2020-01-00',
      '2020-1-02',
      '20x0-01-02',
      '2020/01/02',
    ]) {
      expect(() => parseDayCell(bad, 'd'), bad).toThrow(/is not a valid date/);
    }
  });
});
