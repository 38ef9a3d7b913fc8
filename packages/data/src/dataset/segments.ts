import { z } from 'zod';
import { IsoDate } from '../calendar/dates.js';
import { DataError, parseOrThrow } from '../errors.js';

/** Segments as Qlib writes them: `{train: [start, end], valid: [...], test: [...]}`, both ends inclusive. */
export const segmentsSchema = z
  .record(z.string(), z.tuple([IsoDate, IsoDate]))
  .describe('segment name → [start, end] ISO dates, ends inclusive (no default)');
export type Segments = Record<string, readonly [string, string]>;

/**
 * Parses and checks segments against a calendar: dates are ISO, `start <= end`, and both lie inside the
 * calendar. Throws SEGMENT_INVALID naming the segment and the fix.
 */
export function validateSegments(input: unknown, calendar: readonly string[]): Segments {
  const segments = parseOrThrow(segmentsSchema, input, {
    code: 'SEGMENT_INVALID',
    what: 'segments',
    hint: 'write segments as {train: ["2008-01-01", "2014-12-31"], valid: [...], test: [...]}',
    message: (issues) => {
      const [name] = issues[0]!.path;
      return `segment${name === undefined ? '' : ` "${name}"`} is invalid: ${issues[0]!.message}`;
    },
  });
  const first = calendar[0]!;
  const last = calendar[calendar.length - 1]!;
  for (const [name, [start, end]] of Object.entries(segments)) {
    if (start > end) {
      throw new DataError('SEGMENT_INVALID', `segment "${name}" starts at ${start}, after its end ${end}`, {
        hint: `give "${name}" as [start, end] with start <= end`,
        details: { segment: name, start, end },
      });
    }
    if (start < first || end > last) {
      throw new DataError('SEGMENT_INVALID', `segment "${name}" (${start}..${end}) is outside the calendar ${first}..${last}`, {
        hint: `move "${name}" inside ${first}..${last}, or extend the data`,
        details: { segment: name, start, end, calendarFirst: first, calendarLast: last },
      });
    }
  }
  if (Object.keys(segments).length === 0) {
    throw new DataError('SEGMENT_INVALID', 'no segments given', { hint: 'define at least one segment, e.g. {test: [start, end]}' });
  }
  return segments;
}

/** The `[start, end]` of a named segment, or SEGMENT_INVALID listing the known names. */
export function segmentRange(segments: Segments, name: string): readonly [string, string] {
  const seg = segments[name];
  if (!seg) {
    throw new DataError('SEGMENT_INVALID', `unknown segment "${name}"`, { hint: `use one of: ${Object.keys(segments).join(', ')}` });
  }
  return seg;
}
