import { DataError } from '../errors.js';

/**
 * The one `YYYY-MM-DD` day validator, without dependencies (no date-fns, no zod), so the light
 * `@rollq/data/errors` entry (the CLI's option parsers) can carry it; `./dates.ts` builds the zod schemas
 * on it and the main barrel re-exports both.
 */

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Days of each month in a common year. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/**
 * Whether `day` (already `\d{4}-\d{2}-\d{2}`) is a day of the proleptic Gregorian calendar: year 0001–9999,
 * month 01–12, a day the month has (Feb 29 in leap years only). This is exactly the set date-fns'
 * `parseISO` + `format(…, 'yyyy-MM-dd')` round trip accepted (checked for every year 0000–9999), minus
 * the time-zone dependence.
 */
function isCalendarDay(day: string): boolean {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const date = Number(day.slice(8, 10));
  if (year < 1 || month < 1 || month > 12 || date < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return date <= (month === 2 && leap ? 29 : MONTH_DAYS[month - 1]!);
}

/**
 * Parses a day given as `YYYY-MM-DD` (a time part such as `2020-01-02 00:00:00` or `T00:00:00Z` is
 * accepted and dropped) and returns the canonical `YYYY-MM-DD` string. Impossible dates such as
 * `2020-02-30` are rejected. `what` names the value in the error message.
 */
export function parseIsoDate(value: unknown, what = 'date'): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw badDate(String(value), what);
    return value.toISOString().slice(0, 10);
  }
  if (typeof value !== 'string') throw badDate(String(value), what);
  const s = value.trim();
  const day = s.slice(0, 10);
  if (!ISO_DAY.test(day) || (s.length > 10 && !/^[ T]/.test(s[10]!))) throw badDate(value, what);
  if (!isCalendarDay(day)) throw badDate(value, what);
  return day;
}

/** True when `value` is a valid `YYYY-MM-DD` day (time part allowed); impossible days such as `2016-02-30` are not. */
export function isIsoDate(value: unknown): boolean {
  try {
    parseIsoDate(value);
    return true;
  } catch {
    return false;
  }
}

function badDate(value: string, what: string): DataError {
  return new DataError('DATE_INVALID', `${what} "${value}" is not a valid date`, {
    hint: 'write dates as YYYY-MM-DD, e.g. 2017-01-03',
    details: { value },
  });
}
