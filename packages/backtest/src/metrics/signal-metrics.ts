import type { Signal } from '../signal/signal.js';
import { dailyIc, type IcSeries, type IcSummary, icSummary, labelMatrix } from './ic.js';
import type { LabelLoader } from './label.js';
import { type LongShortSummary, longShortReturns, longShortSummary } from './long-short.js';

/** SigAnaRecord's numbers of a signal against a label: the daily IC series, its summary and the long-short summary. */
export interface SignalMetrics {
  ic: IcSeries;
  summary: IcSummary;
  longShort: LongShortSummary;
}

/**
 * IC / Rank IC per day and their summary, and the long-short returns' summary, of `signal` against `label` on
 * the calendar positions `positions` (default: every scored day).
 *
 * @example
 * ```ts
 * const { summary } = signalMetrics(signal, closeReturnLabel(provider));
 * summary['Rank IC'];
 * ```
 */
export function signalMetrics(signal: Signal, label: LabelLoader, positions: number[] = signal.positions()): SignalMetrics {
  const labels = labelMatrix(signal, label);
  const ic = dailyIc(signal, labels, positions);
  return { ic, summary: icSummary(ic), longShort: longShortSummary(longShortReturns(signal, labels, positions)) };
}
