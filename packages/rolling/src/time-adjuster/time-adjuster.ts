import type { Calendar } from '@rollq/data';
import { RollingError } from '../errors.js';
import type { Segment, SegmentsConfig } from '../task/task-schema.js';

/** How `shift` moves a segment: both ends (`sliding`) or only the end (`expanding`). */
export type ShiftType = 'sliding' | 'expanding';

/** Which way a date that is not a trading day snaps: forward for a start, back for an end. */
export type AlignType = 'start' | 'end';

/**
 * Qlib's `TimeAdjuster` on a rollq {@link Calendar}: aligns dates to trading days and shifts or
 * truncates segments by trading days. Dates are ISO strings; `null` is Qlib's `None` (an open bound).
 *
 * Deliberate differences from Qlib, where Python's behaviour is an accident of list indexing:
 * - an "end" that aligns before the first day, or a negative position given to `get`, throws instead
 *   of wrapping around to the calendar's last day;
 * - a "start" after the last day makes `alignTime` throw a `SEGMENT_OUT_OF_RANGE` error (Qlib: IndexError).
 * Everything else (including the strict `> 0` check in `truncate`, Qlib #902) is as Qlib.
 *
 * @example
 * ```ts
 * const ta = new TimeAdjuster(QlibProvider.open(qlibDir).calendar); // e.g. the US demo data
 * ta.alignSegment(['2017-01-01', '2017-12-31']); // ['2017-01-03', '2017-12-29']: the first and last trading days
 * ta.shift(['2017-01-03', '2017-01-31'], 20, 'sliding'); // ['2017-02-01', '2017-03-01']: both ends 20 trading days on
 * ta.shift(['2017-01-03', '2017-01-31'], 20, 'expanding'); // ['2017-01-03', '2017-03-01']: only the end moves
 * ```
 */
export class TimeAdjuster {
  /** The calendar snapshot this adjuster works on (Qlib snapshots it at construction too). */
  readonly calendar: Calendar;

  constructor(calendar: Calendar) {
    this.calendar = calendar;
  }

  /** Number of trading days (Qlib's `L`). */
  get length(): number {
    return this.calendar.length;
  }

  /**
   * Position of a date. `start`: first day `>=` the date (can be `length`); `end`: last day `<=` it
   * (can be -1). `null` stays `null`.
   */
  alignIdx(tp: string | null, tpType: AlignType = 'start'): number | null {
    if (tp === null) return null;
    return tpType === 'start' ? this.calendar.bisectLeft(tp) : this.calendar.bisectRight(tp) - 1;
  }

  /** The trading day a date aligns to (see {@link alignIdx}); `null` stays `null`. */
  alignTime(tp: string | null, tpType: AlignType = 'start'): string | null {
    const i = this.alignIdx(tp, tpType);
    if (i === null) return null;
    if (i < 0 || i >= this.length) {
      throw new RollingError(
        'SEGMENT_OUT_OF_RANGE',
        `${tpType} date ${tp} aligns to no trading day: the calendar covers ${this.calendar.first} .. ${this.calendar.last}`,
        { hint: 'use dates inside the data, or import newer data', details: { date: tp, tpType } },
      );
    }
    return this.calendar.date(i);
  }

  /** Trading days from `b` to `a`, both start-aligned (Qlib's `cal_interval(A, B)`). */
  calInterval(a: string, b: string): number {
    return this.calendar.bisectLeft(a) - this.calendar.bisectLeft(b);
  }

  /** Aligns a segment: start snaps forward, end snaps back. The result can be inverted (a weekend-only range). */
  alignSegment(seg: Segment): Segment {
    assertSegment(seg);
    return [this.alignTime(seg[0], 'start'), this.alignTime(seg[1], 'end')];
  }

  /** Aligns every segment of a dict, keeping key order (Qlib's `align_seg` on a dict). */
  alignSegments(segs: SegmentsConfig): SegmentsConfig {
    const out: SegmentsConfig = {};
    for (const [k, seg] of Object.entries(segs)) out[k] = this.alignSegment(seg);
    return out;
  }

  /** Day at a position, or `null` for `null` or a position at/after the calendar end (an open end). */
  get(i: number | null): string | null {
    if (i === null || i >= this.length) return null;
    if (i < 0) {
      throw new RollingError('SEGMENT_OUT_OF_RANGE', `calendar position ${i} is before the calendar's first day ${this.calendar.first}`, {
        hint: 'the segment was shifted before the start of the data; use a later template or a positive step',
      });
    }
    return this.calendar.date(i);
  }

  /**
   * The `days` trading days from `start` on: `[first, last]`, `start` aligned forward to a trading day and
   * `last` the day `days - 1` trading days after it (`null` when the calendar ends first). This is the
   * first test window `RollingGen` gives a test segment that starts at `start` with `step = days`.
   */
  windowFrom(start: string, days: number): [string, string | null] {
    if (!Number.isInteger(days) || days < 1) {
      throw new RollingError('SEGMENT_INVALID', `a window needs a whole number of trading days >= 1, got ${days}`, {
        hint: 'pass the rolling step, e.g. 20',
      });
    }
    const first = this.alignTime(start, 'start')!; // throws past the calendar's end
    return [first, this.get(this.alignIdx(start, 'start')! + days - 1)];
  }

  /** The calendar's last day. */
  max(): string {
    return this.calendar.last;
  }

  /**
   * Moves both ends of a non-test segment to at most `days` trading days before `testStart`
   * (both start-aligned), so a label that looks `days - 1` days ahead cannot leak test data.
   */
  truncate(seg: Segment, testStart: string, days: number): Segment {
    assertSegment(seg);
    const t = this.calendar.bisectLeft(testStart);
    const out = seg.map((tp) => {
      if (tp === null) {
        throw new RollingError('SEGMENT_INVALID', `cannot truncate the open segment [${seg[0]}, ${seg[1]}]`, {
          hint: 'give both ends of every non-test segment when trunc_days is set',
        });
      }
      const i = Math.min(this.calendar.bisectLeft(tp), t - days);
      // Qlib asserts i > 0 (strictly), so a segment starting on the calendar's first day fails (#902).
      if (!(i > 0)) {
        throw new RollingError(
          'SEGMENT_INVALID',
          `truncating [${seg[0]}, ${seg[1]}] by ${days} days before ${testStart} reaches calendar position ${i} (Qlib requires > 0)`,
          { hint: "start the segment at least one trading day after the calendar's first day, or lower trunc_days" },
        );
      }
      return this.calendar.date(i);
    });
    return [out[0]!, out[1]!];
  }

  /**
   * Shifts a segment by `step` trading days: `sliding` moves both ends, `expanding` only the end.
   * Ends at or past the calendar end become `null` (open). A start shifted strictly past the end
   * throws `SEGMENT_OUT_OF_RANGE` (Qlib's KeyError); a start exactly at the end gives `null`, as Qlib.
   */
  shift(seg: Segment, step: number, rtype: ShiftType = 'sliding'): Segment {
    assertSegment(seg);
    let s = this.alignIdx(seg[0], 'start');
    let e = this.alignIdx(seg[1], 'end');
    if (rtype === 'sliding') {
      if (s !== null) s += step;
      if (e !== null) e += step;
    } else if (rtype === 'expanding') {
      if (e !== null) e += step;
    } else {
      throw new RollingError('GENERATOR_INVALID', `unknown shift type "${String(rtype)}"`, { hint: 'use "sliding" or "expanding"' });
    }
    if (s !== null && s > this.length) {
      throw new RollingError('SEGMENT_OUT_OF_RANGE', `segment [${seg[0]}, ${seg[1]}] shifted by ${step} starts after the calendar's end`, {
        hint: 'the calendar has no more days to roll into',
        details: { seg, step },
      });
    }
    return [this.get(s), this.get(e)];
  }
}

function assertSegment(seg: unknown): asserts seg is Segment {
  if (!Array.isArray(seg) || seg.length !== 2) {
    throw new RollingError('SEGMENT_INVALID', `a segment must be a [start, end] pair, got ${JSON.stringify(seg)}`, {
      hint: 'write segments as [YYYY-MM-DD, YYYY-MM-DD]',
    });
  }
}
