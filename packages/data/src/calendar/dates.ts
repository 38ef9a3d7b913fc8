import { format, isValid, parseISO } from 'date-fns';
import { z } from 'zod';
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

/** True when `value` is a valid `YYYY-MM-DD` day (time part allowed); impossible days such as `2016-02-30` are not. */
export function isIsoDate(value: unknown): boolean {
  try {
    parseIsoDate(value);
    return true;
  } catch {
    return false;
  }
}

/** A value as an issue message names it. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value instanceof Date) return isValid(value) ? value.toISOString() : 'an invalid date';
  return JSON.stringify(value) ?? String(value);
}

/**
 * The zod schema of a day, built on {@link parseIsoDate}: `YYYY-MM-DD` (a time part such as `00:00:00` and a
 * `Date`, as YAML 1.1 loaders give, are accepted) normalised to the canonical `YYYY-MM-DD` string, which is
 * what every rollq component compares and stores. Impossible days (`2016-02-30`) are rejected, never rolled
 * over. YAML and JSON configs, processor kwargs, segments and state documents all validate dates with it.
 *
 * @example
 * ```ts
 * IsoDate.parse('2008-01-01 00:00:00'); // '2008-01-01'
 * IsoDate.safeParse('2016-02-30').success; // false
 * ```
 */
export const IsoDate = z
  .custom<string | Date>()
  .transform((value, ctx): string => {
    if (isIsoDate(value)) return parseIsoDate(value);
    ctx.addIssue({ code: 'custom', message: `expected a date written as YYYY-MM-DD (ISO date), got ${describeValue(value)}` });
    return z.NEVER;
  })
  .describe('a day, YYYY-MM-DD (a time part and unquoted YAML dates are accepted)');

/** {@link IsoDate} or `null` / missing (Qlib's `None`: an open bound, e.g. "until the latest data"), which gives `null`. */
export const IsoDateOrNull = z
  .custom<string | Date | null | undefined>()
  .transform((value, ctx): string | null => {
    if (value === null || value === undefined) return null;
    if (isIsoDate(value)) return parseIsoDate(value);
    ctx.addIssue({ code: 'custom', message: `expected a date written as YYYY-MM-DD or null (open end), got ${describeValue(value)}` });
    return z.NEVER;
  })
  .describe('a day YYYY-MM-DD, or null for an open bound (default: null)');

function badDate(value: string, what: string): DataError {
  return new DataError('DATE_INVALID', `${what} "${value}" is not a valid date`, {
    hint: 'write dates as YYYY-MM-DD, e.g. 2017-01-03',
    details: { value },
  });
}
