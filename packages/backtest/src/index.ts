/**
 * @packageDocumentation
 * `@rollq/backtest`: judges a prediction signal the way Qlib does. An `Exchange` over preloaded quotes
 * (deal price, costs, lots with the adjustment factor, price limits, suspension), a `Position`,
 * strategies (`TopkDropoutStrategy` step for step as Qlib, `WeightStrategy` with a target-weight
 * optimizer, optional risk controls), the daily executor `runBacktest`, metrics (IC / Rank IC / ICIR,
 * long-short, `risk_analysis`) and reports (CSV, HTML with vega-lite charts; arquero tables in
 * `@rollq/backtest/tables`). It loads no arquero, and its data comes through the light `@rollq/data/provider`.
 */

export type { Holding } from './account/position.js';
export { isClose, Position } from './account/position.js';
export type { BacktestConfigInput, BacktestSettings } from './backtest/backtest-config.js';
export { BacktestConfig } from './backtest/backtest-config.js';
export type { BenchmarkSpec } from './backtest/benchmark.js';
export { benchmarkReturns } from './backtest/benchmark.js';
export type { Region, RegionDefaults, RegionExchangeDefaults } from './backtest/region-defaults.js';
export { REGION_DEFAULTS, regionDefaults } from './backtest/region-defaults.js';
export type { BacktestResult, PositionRecord, ReportColumns, TradeRecord } from './backtest/result.js';
export { emptyResult, REPORT_KEYS } from './backtest/result.js';
export type { RunOptions } from './backtest/run-backtest.js';
export { dealPriceLoader, runBacktest } from './backtest/run-backtest.js';
export type { AccountState, ReportRow, TradingDay, TradingStepResult } from './backtest/trading-step.js';
export { tradingStep } from './backtest/trading-step.js';
export type { BacktestErrorCode } from './errors.js';
export { BACKTEST_ERROR_CODES, BacktestError } from './errors.js';
export type { Direction, Fill, Order } from './exchange/exchange.js';
export { Exchange } from './exchange/exchange.js';
export type { ExchangeConfigInput, ExchangeSettings } from './exchange/exchange-config.js';
export { ExchangeConfig } from './exchange/exchange-config.js';
export type { SeriesLoader } from './exchange/quotes.js';
export { Quotes } from './exchange/quotes.js';
export { averageRanks, pearson, spearman } from './metrics/correlation.js';
export type { BacktestMetrics, EvaluateOptions } from './metrics/evaluate.js';
export { evaluateBacktest } from './metrics/evaluate.js';
export type { IcSeries, IcSummary } from './metrics/ic.js';
export { dailyIc, icSummary, labelMatrix } from './metrics/ic.js';
export type { LabelLoader } from './metrics/label.js';
export { closeReturnLabel, expressionLabel } from './metrics/label.js';
export type { LongShortSeries, LongShortSummary } from './metrics/long-short.js';
export { longShortReturns, longShortSummary } from './metrics/long-short.js';
export type { PortfolioAnalysis } from './metrics/portfolio-analysis.js';
export { portfolioAnalysis } from './metrics/portfolio-analysis.js';
export type { RiskAnalysisOptions, RiskMetrics } from './metrics/risk-analysis.js';
export { riskAnalysis } from './metrics/risk-analysis.js';
export type { ChartSpec } from './report/charts.js';
export { CHART_DATA, reportCharts } from './report/charts.js';
export type { CsvColumns } from './report/columns.js';
export { columnsCsv, positionsColumns, reportColumns, riskLogColumns, tradesColumns } from './report/columns.js';
export type { ReportChart } from './report/html-report.js';
export { htmlReport } from './report/html-report.js';
export { chartVegaSpec, renderChartSvg, renderSvg, renderVegaSvg, svgToPng, vegaBrowserScript } from './report/render.js';
export type { WriteReportOptions } from './report/write-report.js';
export { writeReport } from './report/write-report.js';
export { EncodedPredictions } from './signal/encoded-predictions.js';
export type { PredictionAudit, ValidatedPredictions } from './signal/predictions.js';
export { describeAudit, validatePredictions } from './signal/predictions.js';
export { parsePredictionsCsv, readPredictionsCsv } from './signal/read-predictions.js';
export type { DaySignal } from './signal/signal.js';
export { Signal } from './signal/signal.js';
export type { RiskControlInput, RiskControls } from './strategy/risk-controls.js';
export { RiskControlConfig } from './strategy/risk-controls.js';
export { seededRandom } from './strategy/rng.js';
export { capWeights, limitTurnover } from './strategy/target-weights.js';
export type { TopkDropoutInput, TopkDropoutSettings } from './strategy/topk-dropout.js';
export { TopkDropoutConfig, TopkDropoutStrategy } from './strategy/topk-dropout.js';
export type { RiskEvent, RiskLog, StepContext, Strategy } from './strategy/types.js';
export type { WeightStrategyInput, WeightStrategySettings } from './strategy/weight-strategy.js';
export { WeightStrategy, WeightStrategyConfig } from './strategy/weight-strategy.js';
