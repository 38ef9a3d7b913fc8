import type { Signal } from '../signal/signal.js';
import { averageRanks, pearson, ranksOfDescending } from './correlation.js';
import type { LabelLoader } from './label.js';
import { meanOf, sampleStd } from './risk-analysis.js';

/** Daily IC and Rank IC, one value per calendar position of `positions` (NaN where undefined). */
export interface IcSeries {
  positions: number[];
  ic: Float64Array;
  rankIc: Float64Array;
}

/** SigAnaRecord's summary, with Qlib's key names. */
export interface IcSummary {
  IC: number;
  ICIR: number;
  'Rank IC': number;
  'Rank ICIR': number;
}

/** Label arrays of every signal instrument, loaded once. */
export function labelMatrix(signal: Signal, label: LabelLoader): Float64Array[] {
  return label.matrix ? label.matrix(signal.symbols) : signal.symbols.map((s) => label(s));
}

/**
 * Qlib's `calc_ic`: per day, Pearson (IC) and Spearman with average ranks (Rank IC) of score vs label over
 * the pairs where both exist; a day with fewer than 2 pairs or no variance gives NaN.
 *
 * @example
 * ```ts
 * const series = dailyIc(signal, labelMatrix(signal, closeReturnLabel(provider)));
 * const { IC, ICIR } = icSummary(series); // SigAnaRecord's summary
 * ```
 */
export function dailyIc(signal: Signal, labels: Float64Array[], positions: number[] = signal.positions()): IcSeries {
  const ic = new Float64Array(positions.length);
  const rankIc = new Float64Array(positions.length);
  // one set of day buffers, grown to the longest day: scores and labels of the pairs, and their ranks
  let x = new Float64Array(0);
  let y = new Float64Array(0);
  let rx = new Float64Array(0);
  let ry = new Float64Array(0);
  // a plain loop, not forEach: this runs once per command, mostly before the JIT has optimised it
  for (let k = 0; k < positions.length; k++) {
    const pos = positions[k]!;
    const day = signal.day(pos);
    const len = day ? day.inst.length : 0;
    if (x.length < len) {
      x = new Float64Array(len);
      y = new Float64Array(len);
      rx = new Float64Array(len);
      ry = new Float64Array(len);
    }
    let n = 0;
    if (day) {
      const { inst, score } = day;
      for (let j = 0; j < len; j++) {
        const l = labels[inst[j]!]![pos]!;
        if (Number.isNaN(l)) continue;
        x[n] = score[j]!;
        y[n++] = l;
      }
    }
    ic[k] = pearson(x, y, n);
    // x keeps the day's descending score order, so its ranks come without a sort
    rankIc[k] = n < 2 ? NaN : pearson(ranksOfDescending(x, n, rx), averageRanks(y, n, ry), n);
  }
  return { positions, ic, rankIc };
}

/** IC = mean, ICIR = mean / std (ddof 1), NaN days skipped, no annualisation (SigAnaRecord). */
export function icSummary(s: IcSeries): IcSummary {
  const ic = meanOf(s.ic);
  const ric = meanOf(s.rankIc);
  return { IC: ic, ICIR: ic / sampleStd(s.ic), 'Rank IC': ric, 'Rank ICIR': ric / sampleStd(s.rankIc) };
}
