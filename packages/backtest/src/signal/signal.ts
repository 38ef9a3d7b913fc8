import { sortDescending } from '../sort/sort-descending.js';
import { grown } from './grown.js';

/**
 * One day's scores: parallel arrays of instrument indices (into `Signal.symbols`) and scores, no NaN,
 * sorted by score descending (ties: the instrument seen first in the input first). Sorting once here
 * spares every consumer (TopK candidates, long-short quantiles) a sort per day.
 */
export interface DaySignal {
  inst: Int32Array;
  score: Float64Array;
}

/**
 * A validated prediction signal: the scores of each calendar position that has any, over one instrument
 * universe. Built by `validatePredictions` (or `Signal.fromRows` for trusted input).
 */
export class Signal {
  readonly symbols: readonly string[];
  private readonly days: Map<number, DaySignal>;

  constructor(symbols: readonly string[], days: Map<number, DaySignal>) {
    this.symbols = symbols;
    this.days = days;
  }

  /** Scores of calendar position `pos`, or null when the signal has none that day (Qlib: no decision). */
  day(pos: number): DaySignal | null {
    return this.days.get(pos) ?? null;
  }

  /** Calendar positions with scores, ascending. */
  positions(): number[] {
    return [...this.days.keys()].sort((a, b) => a - b);
  }

  /**
   * Builds a signal from rows already known to be valid (calendar positions, known symbols, finite scores,
   * no duplicates). Each day is sorted by score descending.
   */
  static fromRows(rows: Iterable<{ pos: number; instrument: string; score: number }>): Signal {
    const symbols: string[] = [];
    const idx = new Map<string, number>();
    const cols = new SignalColumns();
    for (const r of rows) {
      let i = idx.get(r.instrument);
      if (i === undefined) {
        i = symbols.length;
        symbols.push(r.instrument);
        idx.set(r.instrument, i);
      }
      cols.push(r.pos, i, r.score);
    }
    return cols.toSignal(symbols);
  }
}

/**
 * Growable columns of signal rows (calendar position, instrument index, score) that become a {@link Signal}:
 * typed arrays instead of an object per row, which a 200k-row prediction file would otherwise allocate.
 */
export class SignalColumns {
  private pos: Int32Array;
  private inst: Int32Array;
  private score: Float64Array;
  /** Rows held. */
  length = 0;

  /** `capacity`: rows held before the columns grow (a known row count spares the copies). */
  constructor(capacity = 1024) {
    const n = Math.max(1, capacity);
    this.pos = new Int32Array(n);
    this.inst = new Int32Array(n);
    this.score = new Float64Array(n);
  }

  push(pos: number, inst: number, score: number): void {
    if (this.length === this.pos.length) {
      const size = 2 * this.pos.length;
      this.pos = grown(this.pos, size);
      this.inst = grown(this.inst, size);
      this.score = grown(this.score, size);
    }
    this.pos[this.length] = pos;
    this.inst[this.length] = inst;
    this.score[this.length++] = score;
  }

  /**
   * The signal of these rows over instruments `symbols` (row `inst` values index it), each day sorted by score
   * descending, ties by instrument index. With `onDuplicate`, a row repeating an earlier row's (position,
   * instrument) is left out and its row number handed over (in day order, input order within a day).
   */
  toSignal(symbols: readonly string[], onDuplicate?: (row: number) => void): Signal {
    const n = this.length;
    if (n === 0) return new Signal(symbols, new Map());
    const { pos, inst, score } = this;
    // each step below is its own function with one hot loop: this runs once per command, mostly before the JIT
    // has optimised it, and a function compiled in the middle of a loop is thrown away when it reaches code that
    // has not run yet (several times over, when all the steps shared one function)
    const { lo, start, byDay } = groupByDay(pos, n);
    return new Signal(symbols, sortDays(start, byDay, lo, inst, score, symbols.length, onDuplicate));
  }
}

/** Rows grouped by calendar position, input order kept within a day (a counting sort over the position range). */
function groupByDay(pos: Int32Array, n: number): { lo: number; start: Int32Array; byDay: Int32Array } {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < n; k++) {
    if (pos[k]! < lo) lo = pos[k]!;
    if (pos[k]! > hi) hi = pos[k]!;
  }
  // start[d]..start[d + 1] are the rows of position lo + d
  const start = new Int32Array(hi - lo + 2);
  for (let k = 0; k < n; k++) start[pos[k]! - lo + 1]!++;
  for (let p = 1; p < start.length; p++) start[p]! += start[p - 1]!;
  const fill = start.slice(0, -1);
  const byDay = new Int32Array(n);
  for (let k = 0; k < n; k++) byDay[fill[pos[k]! - lo]!++] = k;
  return { lo, start, byDay };
}

/**
 * Each day's rows sorted by score descending (ties by instrument index), as views of two arrays of all rows:
 * no allocation per day. With `onDuplicate`, a row repeating a (day, instrument) pair is handed over instead.
 */
function sortDays(
  start: Int32Array,
  byDay: Int32Array,
  lo: number,
  inst: Int32Array,
  score: Float64Array,
  symbols: number,
  onDuplicate?: (row: number) => void,
): Map<number, DaySignal> {
  const days = new Map<number, DaySignal>();
  const seen = onDuplicate ? new Int32Array(symbols).fill(-1) : null;
  let longest = 0;
  for (let p = 0; p < start.length - 1; p++) longest = Math.max(longest, start[p + 1]! - start[p]!);
  const order = new Int32Array(longest);
  const spare = new Int32Array(longest);
  const allInst = new Int32Array(byDay.length);
  const allScore = new Float64Array(byDay.length);
  let at = 0;
  for (let p = 0; p < start.length - 1; p++) {
    const a = start[p]!;
    const b = start[p + 1]!;
    if (a === b) continue;
    let m = 0;
    for (let j = a; j < b; j++) {
      const k = byDay[j]!;
      if (seen !== null) {
        if (seen[inst[k]!] === p) {
          onDuplicate!(k);
          continue;
        }
        seen[inst[k]!] = p;
      }
      order[m++] = k;
    }
    const sorted = sortDescending(order, spare, m, score, inst);
    for (let j = 0; j < m; j++) {
      allInst[at + j] = inst[sorted[j]!]!;
      allScore[at + j] = score[sorted[j]!]!;
    }
    days.set(p + lo, { inst: allInst.subarray(at, at + m), score: allScore.subarray(at, at + m) });
    at += m;
  }
  return days;
}
