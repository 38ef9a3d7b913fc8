import { DataError } from '../errors.js';
import { parseIsoDate } from './iso-day.js';

/**
 * A trading calendar: a sorted array of ISO dates (`YYYY-MM-DD`). Code works in calendar positions
 * (0-based indices) and converts at the edges; `locate` follows Qlib's `CalendarProvider.locate_index`.
 */
export class Calendar {
  readonly dates: readonly string[];
  private readonly index: Map<string, number>;

  constructor(dates: readonly string[]) {
    for (let i = 0; i < dates.length; i++) {
      parseIsoDate(dates[i]!, `calendar day ${i}`);
      if (i > 0 && dates[i]! <= dates[i - 1]!) {
        throw new DataError('CALENDAR_INVALID', `calendar is not strictly increasing at position ${i}: ${dates[i - 1]} then ${dates[i]}`, {
          hint: 'a calendar must list each trading day once, in ascending order',
        });
      }
    }
    this.dates = Object.freeze([...dates]);
    this.index = new Map(this.dates.map((d, i) => [d, i]));
  }

  get length(): number {
    return this.dates.length;
  }

  get first(): string {
    return this.dates[0]!;
  }

  get last(): string {
    return this.dates[this.dates.length - 1]!;
  }

  /** The ISO date at a position. */
  date(pos: number): string {
    const d = this.dates[pos];
    if (d === undefined) {
      throw new DataError('CALENDAR_OUT_OF_RANGE', `calendar position ${pos} is outside 0..${this.dates.length - 1}`);
    }
    return d;
  }

  /** Exact position of a trading day, or -1 when the date is not a trading day. */
  indexOf(date: string): number {
    return this.index.get(normalizeDay(date)) ?? -1;
  }

  /** Position of the first trading day >= date (may be `length` when date is after the last day). */
  bisectLeft(date: string): number {
    const d = normalizeDay(date);
    let lo = 0;
    let hi = this.dates.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.dates[mid]! < d) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Position of the first trading day > date. */
  bisectRight(date: string): number {
    const d = normalizeDay(date);
    let lo = 0;
    let hi = this.dates.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.dates[mid]! <= d) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Closed position range `[start, end]` for a date range, as Qlib's `locate_index`: a start that is not a
   * trading day moves forward, an end moves back. Missing bounds mean the calendar's first / last day.
   */
  locate(start?: string | null, end?: string | null): [number, number] {
    const si = start ? this.bisectLeft(start) : 0;
    const ei = end ? this.bisectRight(end) - 1 : this.dates.length - 1;
    if (si >= this.dates.length) {
      throw new DataError('CALENDAR_OUT_OF_RANGE', `start ${start} is after the calendar's last day ${this.last}`, {
        hint: 'choose a start date inside the data, or import newer data first',
      });
    }
    if (ei < 0) {
      throw new DataError('CALENDAR_OUT_OF_RANGE', `end ${end} is before the calendar's first day ${this.first}`, {
        hint: 'choose an end date inside the data',
      });
    }
    return [si, ei];
  }

  /** The calendar restricted to a closed date range. */
  slice(start?: string | null, end?: string | null): string[] {
    const [si, ei] = this.locate(start, end);
    return this.dates.slice(si, ei + 1);
  }
}

/** Accepts `YYYY-MM-DD` or a timestamp whose day part is first (`2020-01-02 00:00:00`). */
function normalizeDay(date: string): string {
  return date.length > 10 ? date.slice(0, 10) : date;
}
