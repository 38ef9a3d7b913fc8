import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validateSegments } from '../dataset/segments.js';
import { fitWindowShape } from '../processor/kwargs.js';
import { IsoDate, IsoDateOrNull, isIsoDate, parseIsoDate } from './dates.js';

describe('one ISO-date validator', () => {
  it('normalises a day, a time part and a Date to YYYY-MM-DD', () => {
    expect(IsoDate.parse('2016-02-29')).toBe('2016-02-29');
    expect(IsoDate.parse(' 2016-02-29 00:00:00')).toBe('2016-02-29');
    expect(IsoDate.parse('2016-02-29T00:00:00Z')).toBe('2016-02-29');
    expect(IsoDate.parse(new Date('2016-02-29T00:00:00Z'))).toBe('2016-02-29');
    expect(IsoDateOrNull.parse(null)).toBeNull();
    expect(IsoDateOrNull.parse(undefined)).toBeNull();
    expect(IsoDateOrNull.parse('2016-03-01')).toBe('2016-03-01');
  });

  it.each(['2016-02-30', '2015-02-29', '2016-04-31', '2016-13-01', '2016-00-10', '2016-02-30 00:00:00', '2016-02-30T00:00:00Z'])(
    'rejects the impossible day %s instead of rolling it over',
    (day) => {
      expect(isIsoDate(day)).toBe(false);
      expect(() => parseIsoDate(day, 'start')).toThrow(/start ".*" is not a valid date/);
      const r = IsoDate.safeParse(day);
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toMatch(/expected a date written as YYYY-MM-DD \(ISO date\), got "2016|expected a date/);
      expect(IsoDateOrNull.safeParse(day).success).toBe(false);
    },
  );

  it('names what it got for values that are not dates', () => {
    expect(IsoDate.safeParse(20160101).error?.issues[0]?.message).toBe('expected a date written as YYYY-MM-DD (ISO date), got 20160101');
    expect(IsoDate.safeParse(undefined).error?.issues[0]?.message).toMatch(/got nothing$/);
    expect(IsoDate.safeParse(new Date('nope')).error?.issues[0]?.message).toMatch(/got an invalid date$/);
    expect(IsoDateOrNull.safeParse('01/02/2016').error?.issues[0]?.message).toBe(
      'expected a date written as YYYY-MM-DD or null (open end), got "01/02/2016"',
    );
  });

  it('is what processor fit windows and segments validate with', () => {
    const fit = z.strictObject(fitWindowShape);
    expect(fit.safeParse({ fit_start_time: '2016-02-30' }).error?.issues[0]?.message).toMatch(/ISO date/);
    expect(fit.parse({ fit_end_time: '2016-02-29 00:00:00' })).toEqual({ fit_start_time: null, fit_end_time: '2016-02-29' });
    const cal = ['2016-02-26', '2016-02-29', '2016-03-01'];
    expect(() => validateSegments({ train: ['2016-02-26', '2016-02-30'] }, cal)).toThrow(/segment "train" is invalid: .*ISO date/);
    expect(validateSegments({ train: ['2016-02-26', '2016-03-01 00:00:00'] }, cal)).toEqual({ train: ['2016-02-26', '2016-03-01'] });
  });
});
