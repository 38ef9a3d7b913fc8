/**
 * @packageDocumentation
 * `@rollq/backtest`: judges a prediction signal the way Qlib does. An `Exchange` over preloaded quotes
 * (deal price, costs, lots with the adjustment factor, price limits, suspension), a `Position`,
 * strategies (`TopkDropoutStrategy` step for step as Qlib, `WeightStrategy` with a target-weight
 * optimizer, optional risk controls), the daily executor `runBacktest`, metrics (IC / Rank IC / ICIR,
 * long-short, `risk_analysis`) and reports (arquero tables, CSV, HTML with vega-lite charts).
 */
export { BacktestError } from './errors.js';
export type { BacktestErrorCode } from './errors.js';
export { Position, isClose } from './account/position.js';
export type { Holding } from './account/position.js';
export { ExchangeConfig } from './exchange/exchange-config.js';
export type { ExchangeConfigInput, ExchangeSettings } from './exchange/exchange-config.js';
export { Exchange } from './exchange/exchange.js';
export type { Direction, Order, Fill } from './exchange/exchange.js';
export { Quotes } from './exchange/quotes.js';
export type { SeriesLoader } from './exchange/quotes.js';
export { Signal } from './signal/signal.js';
export type { DaySignal } from './signal/signal.js';
export { validatePredictions, describeAudit } from './signal/predictions.js';
export type { PredictionColumns, PredictionAudit, ValidatedPredictions } from './signal/predictions.js';
export { readPredictionsCsv, parsePredictionsCsv } from './signal/read-predictions.js';
export { TopkDropoutStrategy, TopkDropoutConfig } from './strategy/topk-dropout.js';
export type { TopkDropoutInput, TopkDropoutSettings } from './strategy/topk-dropout.js';
export { RiskControlConfig } from './strategy/risk-controls.js';
export type { RiskControlInput, RiskControls } from './strategy/risk-controls.js';
export { seededRandom } from './strategy/rng.js';
export type { Strategy, StepContext, RiskEvent, RiskLog } from './strategy/types.js';
export { BacktestConfig } from './backtest/backtest-config.js';
export type { BacktestConfigInput, BacktestSettings } from './backtest/backtest-config.js';
export { runBacktest } from './backtest/run-backtest.js';
export type { RunOptions } from './backtest/run-backtest.js';
export { benchmarkReturns } from './backtest/benchmark.js';
export type { BenchmarkSpec } from './backtest/benchmark.js';
export type { BacktestResult, ReportColumns, TradeRecord, PositionRecord } from './backtest/result.js';
export { riskAnalysis } from './metrics/risk-analysis.js';
export type { RiskMetrics, RiskAnalysisOptions } from './metrics/risk-analysis.js';
export { pearson, spearman, averageRanks } from './metrics/correlation.js';
export { closeReturnLabel } from './metrics/label.js';
export type { LabelLoader } from './metrics/label.js';
export { dailyIc, icSummary, labelMatrix } from './metrics/ic.js';
export type { IcSeries, IcSummary } from './metrics/ic.js';
export { longShortReturns, longShortSummary } from './metrics/long-short.js';
export type { LongShortSeries, LongShortSummary } from './metrics/long-short.js';
export { portfolioAnalysis } from './metrics/portfolio-analysis.js';
export type { PortfolioAnalysis } from './metrics/portfolio-analysis.js';
export { evaluateBacktest } from './metrics/evaluate.js';
export type { BacktestMetrics, EvaluateOptions } from './metrics/evaluate.js';
export { reportTable, positionsTable, tradesTable, riskLogTable } from './report/tables.js';
export { reportCharts } from './report/charts.js';
export type { ChartSpec } from './report/charts.js';
export { renderSvg, svgToPng } from './report/render.js';
export { htmlReport } from './report/html-report.js';
export { writeReport } from './report/write-report.js';
export type { WriteReportOptions } from './report/write-report.js';
/** Re-exported from `@rollq/data` (one implementation of the temp-file-then-rename write). */
export { writeFileAtomic } from '@rollq/data';
export { WeightStrategy, WeightStrategyConfig } from './strategy/weight-strategy.js';
export type { WeightStrategyInput, WeightStrategySettings } from './strategy/weight-strategy.js';
export { capWeights, limitTurnover } from './strategy/target-weights.js';
export { expressionLabel } from './metrics/label.js';
