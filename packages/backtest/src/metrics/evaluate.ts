import type { BacktestResult } from '../backtest/result.js';
import type { Signal } from '../signal/signal.js';
import { dailyIc, type IcSeries, type IcSummary, icSummary, labelMatrix } from './ic.js';
import type { LabelLoader } from './label.js';
import { type LongShortSummary, longShortReturns, longShortSummary } from './long-short.js';
import { portfolioAnalysis } from './portfolio-analysis.js';
import type { RiskAnalysisOptions, RiskMetrics } from './risk-analysis.js';

/** The numbers of a run, shaped as the CLI's `--json` output (Qlib's names). */
export interface BacktestMetrics {
  ic?: IcSummary;
  long_short?: LongShortSummary;
  excess_return_without_cost: RiskMetrics;
  excess_return_with_cost: RiskMetrics;
}

/** Options of `evaluateBacktest`. */
export interface EvaluateOptions extends RiskAnalysisOptions {
  /** Label for IC; omit to skip the signal metrics. */
  label?: LabelLoader;
  /** Calendar positions whose scores enter IC (default: every scored day). */
  positions?: number[];
}

/**
 * Signal metrics (IC, long-short) when a label is given, plus PortAnaRecord's risk tables.
 *
 * @example
 * ```ts
 * const { metrics, ic } = evaluateBacktest(res, signal, { label: closeReturnLabel(provider) });
 * metrics.ic?.['Rank IC']; // SigAnaRecord's numbers
 * metrics.excess_return_with_cost.information_ratio; // PortAnaRecord's risk_analysis of return − bench − cost
 * ```
 */
export function evaluateBacktest(
  res: BacktestResult,
  signal: Signal,
  opts: EvaluateOptions = {},
): { metrics: BacktestMetrics; ic?: IcSeries } {
  const pa = portfolioAnalysis(res.report, opts);
  if (!opts.label) return { metrics: { ...pa } };
  const labels = labelMatrix(signal, opts.label);
  const ic = dailyIc(signal, labels, opts.positions);
  const ls = longShortSummary(longShortReturns(signal, labels, opts.positions));
  return { metrics: { ic: icSummary(ic), long_short: ls, ...pa }, ic };
}
