import { format, isValid, parseISO } from 'date-fns';
import { DataError } from '../errors.js';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Parses a day given as `YYYY-MM-DD` (a time part such as `2020-01-02 00:00:00` or `T00:00:00Z` is
 * accepted and dropped) and returns the canonical `YYYY-MM-DD` string. Impossible dates such as
 * `2020-02-30` are rejected. `what` names the value in the error message.
 */
export function parseIsoDate(value: unknown, what = 'date'): string {
  if (value instanceof Date) {
    if (!isValid(value)) throw badDate(String(value), what);
    return value.toISOString().slice(0, 10);
  }
  if (typeof value !== 'string') throw badDate(String(value), what);
  const s = value.trim();
  const day = s.slice(0, 10);
  if (!ISO_DAY.test(day) || (s.length > 10 && !/^[ T]/.test(s[10]!))) throw badDate(value, what);
  const parsed = parseISO(day);
  if (!isValid(parsed) || format(parsed, 'yyyy-MM-dd') !== day) throw badDate(value, what);
  return day;
}

/** True when `value` is a valid `YYYY-MM-DD` day (time part allowed). */
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
