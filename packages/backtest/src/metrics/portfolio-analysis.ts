import type { ReportColumns } from '../backtest/result.js';
import { type RiskAnalysisOptions, type RiskMetrics, riskAnalysis } from './risk-analysis.js';

/** PortAnaRecord's two tables. */
export interface PortfolioAnalysis {
  excess_return_without_cost: RiskMetrics;
  excess_return_with_cost: RiskMetrics;
}

/**
 * `risk_analysis(return − bench)` and `risk_analysis(return − bench − cost)` of a daily report, as
 * Qlib's PortAnaRecord (the report's `return` is gross of cost, so "with cost" subtracts the cost rate).
 *
 * @example
 * ```ts
 * const { excess_return_with_cost } = portfolioAnalysis(res.report); // res: a runBacktest result
 * excess_return_with_cost.annualized_return; // mean daily excess return × 238 (Qlib's default N)
 * ```
 */
export function portfolioAnalysis(report: ReportColumns, opts: RiskAnalysisOptions = {}): PortfolioAnalysis {
  const n = report.return.length;
  const without = new Float64Array(n);
  const withCost = new Float64Array(n);
  for (let d = 0; d < n; d++) {
    without[d] = report.return[d]! - report.bench[d]!;
    withCost[d] = without[d]! - report.cost[d]!;
  }
  return { excess_return_without_cost: riskAnalysis(without, opts), excess_return_with_cost: riskAnalysis(withCost, opts) };
}
