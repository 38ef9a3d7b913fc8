import type { Signal } from '../signal/signal.js';
import { meanOf, sampleStd } from './risk-analysis.js';

/** Daily long-short and long-average returns (Qlib's `calc_long_short_return`). */
export interface LongShortSeries {
  positions: number[];
  longShort: Float64Array;
  longAvg: Float64Array;
}

/** SigAnaRecord's `ana_long_short` numbers, with Qlib's names. */
export interface LongShortSummary {
  'Long-Short Ann Return': number;
  'Long-Short Ann Sharpe': number;
  'Long-Avg Ann Return': number;
  'Long-Avg Ann Sharpe': number;
}

/**
 * Per day, N = ⌊rows × quantile⌋; long = mean label of the N best scores, short = of the N worst;
 * long-short = (long − short) / 2 and long-avg = mean label of the day (NaN labels skipped).
 */
export function longShortReturns(
  signal: Signal,
  labels: Float64Array[],
  positions: number[] = signal.positions(),
  quantile = 0.2,
): LongShortSeries {
  const ls = new Float64Array(positions.length);
  const avg = new Float64Array(positions.length);
  for (let k = 0; k < positions.length; k++) {
    const pos = positions[k]!;
    const day = signal.day(pos);
    if (!day) {
      ls[k] = avg[k] = NaN;
      continue;
    }
    const m = day.inst.length;
    const n = Math.floor(m * quantile);
    // day rows are sorted by score descending (Signal): the top n are the first n, the bottom n the last n
    const long = meanLabel(labels, day.inst, pos, 0, n);
    const short = meanLabel(labels, day.inst, pos, m - n, m);
    ls[k] = n > 0 ? (long - short) / 2 : NaN;
    avg[k] = meanLabel(labels, day.inst, pos, 0, m);
  }
  return { positions, longShort: ls, longAvg: avg };
}

/** Annualised mean (× annScaler) and Sharpe (mean / std × √annScaler); Qlib's SigAnaRecord uses 252. */
export function longShortSummary(s: LongShortSeries, annScaler = 252): LongShortSummary {
  const f = (a: Float64Array) => [meanOf(a) * annScaler, (meanOf(a) / sampleStd(a)) * Math.sqrt(annScaler)] as const;
  const [lsr, lss] = f(s.longShort);
  const [lar, las] = f(s.longAvg);
  return { 'Long-Short Ann Return': lsr, 'Long-Short Ann Sharpe': lss, 'Long-Avg Ann Return': lar, 'Long-Avg Ann Sharpe': las };
}

/** Mean of the non-NaN f(j) for j in [a, b). */
/** Mean label at `pos` of the day's rows `[a, b)`, NaN labels skipped (NaN when none is left). */
function meanLabel(labels: Float64Array[], inst: Int32Array, pos: number, a: number, b: number): number {
  let s = 0;
  let n = 0;
  for (let j = a; j < b; j++) {
    const v = labels[inst[j]!]![pos]!;
    if (!Number.isNaN(v)) {
      s += v;
      n++;
    }
  }
  return n ? s / n : NaN;
}
