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
    const byDay = new Map<number, { inst: number[]; score: number[] }>();
    for (const r of rows) {
      let i = idx.get(r.instrument);
      if (i === undefined) {
        i = symbols.length;
        symbols.push(r.instrument);
        idx.set(r.instrument, i);
      }
      let d = byDay.get(r.pos);
      if (!d) byDay.set(r.pos, (d = { inst: [], score: [] }));
      d.inst.push(i);
      d.score.push(r.score);
    }
    const days = new Map<number, DaySignal>();
    for (const [pos, d] of byDay) {
      const order = d.inst.map((_, k) => k).sort((a, b) => d.score[b]! - d.score[a]! || d.inst[a]! - d.inst[b]!);
      days.set(pos, { inst: Int32Array.from(order, (k) => d.inst[k]!), score: Float64Array.from(order, (k) => d.score[k]!) });
    }
    return new Signal(symbols, days);
  }
}
