import { type Calendar, parseIsoDate } from '@rollq/data';
import { OnlineError } from '../errors.js';

/**
 * The manager's clock: turns the dates a user gives (`routine --date`, `simulate start..end`) into trading
 * days of the data's calendar. A date on a holiday means the last trading day on or before it; no date
 * means the calendar's last day (Qlib's `D.calendar()[-1]`).
 */
export class TradingClock {
  constructor(private readonly calendar: Calendar) {}

  /** The calendar's last trading day. */
  get last(): string {
    return this.calendar.dates[this.calendar.dates.length - 1]!;
  }

  /** `d` as a trading day: the last one on or before it (default: the calendar's last day). */
  tradingDay(d?: string, what = 'routine date'): string {
    if (d === undefined) return this.last;
    const i = this.calendar.bisectRight(parseIsoDate(d, what)) - 1;
    if (i < 0) {
      throw new OnlineError('CONFIG_INVALID', `date ${d} is before the calendar start ${this.calendar.dates[0]}`, {
        hint: 'give a date inside the data',
      });
    }
    return this.calendar.dates[i]!;
  }

  /** Every trading day in `[start, end]`, validated (start <= end). */
  days(start: string, end: string): string[] {
    const from = parseIsoDate(start, 'simulate start');
    const to = parseIsoDate(end, 'simulate end');
    if (from > to) throw new OnlineError('CONFIG_INVALID', `simulate start ${from} is after its end ${to}`, { hint: 'give start <= end' });
    const [si, ei] = this.calendar.locate(from, to);
    return this.calendar.dates.slice(si, ei + 1);
  }
}
