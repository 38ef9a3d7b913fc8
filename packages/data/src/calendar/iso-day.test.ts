import { format, isValid, parseISO } from 'date-fns';
import { describe, expect, it } from 'vitest';
import * as light from '../errors-entry.js';
import * as barrel from '../index.js';
import { isIsoDate, parseIsoDate } from './iso-day.js';

/** The round trip the validator used before it dropped date-fns. */
function dateFnsDay(day: string): boolean {
  const parsed = parseISO(day);
  return isValid(parsed) && format(parsed, 'yyyy-MM-dd') === day;
}

describe('the dependency-free day validator', () => {
  it('accepts exactly the days the date-fns round trip accepted', () => {
    const years = [0, 1, 4, 99, 100, 200, 400, 1600, 1899, 1900, 1904, 1999, 2000, 2015, 2016, 2017, 2100, 2400, 9996, 9999];
    const two = (n: number) => String(n).padStart(2, '0');
    for (const y of years) {
      for (let m = 0; m <= 14; m++) {
        for (const d of [...Array.from({ length: 33 }, (_, i) => i), 40, 99]) {
          const day = `${String(y).padStart(4, '0')}-${two(m)}-${two(d)}`;
          expect([day, isIsoDate(day)]).toEqual([day, dateFnsDay(day)]);
        }
      }
    }
  });

  it('keeps its edge cases: leap days, year 0000, time parts, Dates', () => {
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('0000-01-01')).toBe(false);
    expect(isIsoDate('0001-01-01')).toBe(true);
    expect(parseIsoDate(' 2016-02-29T10:00:00Z ')).toBe('2016-02-29');
    expect(isIsoDate('2016-02-29X')).toBe(false);
    expect(parseIsoDate(new Date('2016-02-29T00:00:00Z'))).toBe('2016-02-29');
    expect(() => parseIsoDate(new Date('nope'), '--start')).toThrow(expect.objectContaining({ code: 'DATE_INVALID', exitCode: 2 }));
  });

  it('@rollq/data/errors exports the very classes and functions of the main barrel', () => {
    expect(light.RollqError).toBe(barrel.RollqError);
    expect(light.DataError).toBe(barrel.DataError);
    expect(light.isRollqError).toBe(barrel.isRollqError);
    expect(light.isIsoDate).toBe(barrel.isIsoDate);
    expect(light.parseIsoDate).toBe(barrel.parseIsoDate);
  });
});
