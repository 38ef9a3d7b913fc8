import { isIsoDate, parseIsoDate } from '@rollq/data';
import { z } from 'zod';

/**
 * A day written as `YYYY-MM-DD`. YAML users write dates unquoted (`2008-01-01`) and Qlib's own
 * configs sometimes carry a time part (`2008-01-01 00:00:00`) or, from a YAML 1.1 loader, a `Date`;
 * all of these are accepted and normalised to the canonical `YYYY-MM-DD` string, which is what every
 * rollq component compares and stores.
 */
export const isoDateSchema = z
  .unknown()
  .transform((value, ctx): string => {
    if (isIsoDate(value)) return parseIsoDate(value);
    ctx.addIssue({
      code: 'custom',
      message: `expected a date written as YYYY-MM-DD, got ${describe(value)}`,
    });
    return z.NEVER;
  })
  .describe('a trading day, YYYY-MM-DD (unquoted YAML dates and a time part are accepted)');

/** A date or `null` (Qlib's `None`: an open bound, e.g. "until the latest data"). */
export const isoDateOrNullSchema = z
  .unknown()
  .transform((value, ctx): string | null => {
    if (value === null || value === undefined) return null;
    if (isIsoDate(value)) return parseIsoDate(value);
    ctx.addIssue({
      code: 'custom',
      message: `expected a date written as YYYY-MM-DD or null (open end), got ${describe(value)}`,
    });
    return z.NEVER;
  })
  .describe('a trading day YYYY-MM-DD, or null for an open bound (default: null)');

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value instanceof Date) return 'an invalid date';
  return JSON.stringify(value) ?? String(value);
}
