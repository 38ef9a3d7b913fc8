import { isValid } from 'date-fns/isValid'; // the one function: the package index loads ~250 modules (60 ms)
import { z } from 'zod';
import { isIsoDate, parseIsoDate } from './iso-day.js';

/** The day validator lives in `./iso-day.ts` (no dependencies, for the light `@rollq/data/errors` entry). */
export { isIsoDate, parseIsoDate };

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
