import { describe, expect, it } from 'vitest';
import { Calendar } from './calendar.js';
import { parseIsoDate } from './dates.js';

describe('Calendar', () => {
  const cal = new Calendar(['2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07']);

  it('locates closed ranges as Qlib locate_index (start forward, end backward)', () => {
    expect(cal.locate('2020-01-04', '2020-01-05')).toEqual([2, 1]);
    expect(cal.locate('2020-01-01', '2020-01-06')).toEqual([0, 2]);
    expect(cal.locate('2020-01-03 00:00:00', null)).toEqual([1, 3]);
    expect(cal.slice('2020-01-04', '2020-01-31')).toEqual(['2020-01-06', '2020-01-07']);
  });

  it('rejects a start after the last day and an end before the first, naming the date', () => {
    expect(() => cal.locate('2021-01-01', null)).toThrow(/after the calendar's last day 2020-01-07/);
    expect(() => cal.locate(null, '2019-01-01')).toThrow(/before the calendar's first day/);
  });

  it('rejects unsorted or duplicated days', () => {
    expect(() => new Calendar(['2020-01-03', '2020-01-02'])).toThrow(/not strictly increasing at position 1/);
    expect(() => new Calendar(['2020-01-03', '2020-01-03'])).toThrow(/not strictly increasing/);
  });

  it('indexOf is exact', () => {
    expect(cal.indexOf('2020-01-06')).toBe(2);
    expect(cal.indexOf('2020-01-04')).toBe(-1);
  });
});

describe('parseIsoDate', () => {
  it('accepts days with or without a time part', () => {
    expect(parseIsoDate('2020-02-29')).toBe('2020-02-29');
    expect(parseIsoDate('2020-02-29T00:00:00Z')).toBe('2020-02-29');
    expect(parseIsoDate(' 2020-02-29 00:00:00')).toBe('2020-02-29');
  });
  it('rejects impossible and malformed dates with a fix', () => {
    expect(() => parseIsoDate('2019-02-29', 'start')).toThrow(/start "2019-02-29" is not a valid date/);
    expect(() => parseIsoDate('02/01/2020')).toThrow(/YYYY-MM-DD|not a valid date/);
    expect(() => parseIsoDate('2020-1-2')).toThrow(/not a valid date/);
  });
});
