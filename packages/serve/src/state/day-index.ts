import type { PredictionColumns } from '@rollq/data';

/** The rows of one day of a prediction table: instruments, their scores, and a name → row lookup. */
export interface DayRows {
  readonly instruments: readonly string[];
  readonly scores: Float64Array;
  /** Row of each instrument. */
  readonly rowOf: ReadonlyMap<string, number>;
  /** Rows by score, highest first (NaN scores last), for `top`. */
  readonly ranked: readonly number[];
}

/**
 * A prediction table (`datetime, instrument, score`, sorted by day) indexed by day. A day's rows are built the
 * first time they are asked for and kept: requests ask for a few days (mostly the latest) many times.
 */
export class DayIndex {
  private readonly ranges = new Map<string, [number, number]>();
  private readonly built = new Map<string, DayRows>();
  /** The days, ascending. */
  readonly days: readonly string[];

  /** `upTo`: drop the days after it (predictions a routine wrote before its state was committed). */
  constructor(
    private readonly cols: PredictionColumns,
    upTo: string | null = null,
    private readonly column = 'score',
  ) {
    const dt = cols.datetime;
    const days: string[] = [];
    for (let i = 0; i < dt.length; ) {
      const d = dt[i]!;
      let j = i + 1;
      while (j < dt.length && dt[j] === d) j++;
      if (upTo === null || d <= upTo) {
        this.ranges.set(d, [i, j]);
        days.push(d);
      }
      i = j;
    }
    this.days = days;
  }

  /** The last day, or null when empty. */
  get lastDay(): string | null {
    return this.days.length > 0 ? this.days[this.days.length - 1]! : null;
  }

  has(day: string): boolean {
    return this.ranges.has(day);
  }

  /** The rows of `day`, or null when the table has none that day. */
  day(day: string): DayRows | null {
    const hit = this.built.get(day);
    if (hit) return hit;
    const r = this.ranges.get(day);
    if (!r) return null;
    const values = this.cols.values.get(this.column) ?? [...this.cols.values.values()][0]!;
    const instruments = this.cols.instrument.slice(r[0], r[1]);
    const scores = values.slice(r[0], r[1]);
    const rows = dayRows(instruments, scores);
    this.built.set(day, rows);
    return rows;
  }
}

/** Indexes one day's instruments and scores. */
export function dayRows(instruments: readonly string[], scores: Float64Array): DayRows {
  const rowOf = new Map(instruments.map((n, i) => [n, i]));
  const ranked = instruments.map((_, i) => i);
  const key = (i: number) => (Number.isNaN(scores[i]!) ? Number.NEGATIVE_INFINITY : scores[i]!);
  ranked.sort((a, b) => key(b) - key(a) || (instruments[a]! < instruments[b]! ? -1 : 1));
  return { instruments, scores, rowOf, ranked };
}
