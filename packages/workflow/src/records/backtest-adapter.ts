import {
  BacktestConfig,
  type BacktestConfigInput,
  dailyIc,
  ExchangeConfig,
  htmlReport,
  type IcSeries,
  icSummary,
  longShortReturns,
  longShortSummary,
  portfolioAnalysis,
  type RiskMetrics,
  renderChartSvg,
  reportCharts,
  riskAnalysis,
  runBacktest,
  TopkDropoutConfig,
  type TopkDropoutInput,
  TopkDropoutStrategy,
  validatePredictions,
} from '@rollq/backtest';
import { positionsTable, reportTable } from '@rollq/backtest/tables';
import { parseOrThrow, type QlibProvider, readPredictionColumns } from '@rollq/data';
import type { ColumnTable } from 'arquero';
import { WorkflowError } from '../errors.js';

/**
 * The seam between the records and @rollq/backtest: prediction tables (arquero, as stored in recorders)
 * in, Qlib-shaped metrics and tables out. Kept in one module so the records stay free of the backtest
 * package's internal types.
 */

/** One row of Qlib's risk table: mean, std, annualized_return, information_ratio, max_drawdown. */
export type RiskTable = RiskMetrics;

/** A daily metric value. */
export interface DatedValue {
  date: string;
  value: number;
}

/** What SigAnaRecord reports. */
export interface SignalAnalysis {
  ic: DatedValue[];
  ric: DatedValue[];
  metrics: Record<string, number>;
}

/**
 * IC / Rank IC by day of `pred.score` against `label.LABEL0` (Qlib's `calc_ic`), their means and IRs, and
 * with `longShort` the long-short / long-average annualised returns and Sharpes (`ann_scaler` periods).
 */
export function analyseSignal(
  provider: QlibProvider,
  pred: ColumnTable,
  label: ColumnTable,
  opts: { longShort: boolean; annScaler: number },
): SignalAnalysis {
  const { signal } = validatePredictions(readPredictionColumns(pred, 'pred'), provider);
  // labels as calendar-aligned arrays per signal instrument, the form the IC kernels take
  const calendarLength = provider.calendar.dates.length;
  const index = new Map(signal.symbols.map((s, i) => [s, i]));
  const labels = signal.symbols.map(() => new Float64Array(calendarLength).fill(Number.NaN));
  const lc = readPredictionColumns(label, 'label');
  const lv = lc.values.get(label.columnNames()[2]!)!;
  for (let i = 0; i < lc.datetime.length; i++) {
    const k = index.get(lc.instrument[i]!);
    const pos = provider.calendar.indexOf(lc.datetime[i]!);
    if (k !== undefined && pos >= 0) labels[k]![pos] = lv[i]!;
  }
  const series = dailyIc(signal, labels);
  const dates = series.positions.map((p) => provider.calendar.dates[p]!);
  const metrics: Record<string, number> = { ...icSummary(series) };
  if (opts.longShort) Object.assign(metrics, longShortSummary(longShortReturns(signal, labels), opts.annScaler));
  return {
    ic: dates.map((date, k) => ({ date, value: series.ic[k]! })),
    ric: dates.map((date, k) => ({ date, value: series.rankIc[k]! })),
    metrics,
  };
}

/** Settings of {@link runPortfolioAnalysis}, already in @rollq/backtest's camelCase. */
export interface PortfolioSettings {
  /** TopkDropoutStrategy options (`TopkDropoutConfig`'s input). */
  strategy: TopkDropoutInput;
  /** Backtest options (`BacktestConfig`'s input). */
  backtest: BacktestConfigInput;
  /** The signal's daily IC / Rank IC (as {@link analyseSignal} gives them): adds the "IC by month" chart to the report. */
  ic?: Pick<SignalAnalysis, 'ic' | 'ric'>;
}

/** What PortAnaRecord saves and prints. */
export interface PortfolioRun {
  report: ColumnTable;
  positions: ColumnTable;
  analysis: { benchmark: RiskTable; excess_return_without_cost: RiskTable; excess_return_with_cost: RiskTable };
  html: string;
}

/**
 * Runs the TopK-dropout backtest of a prediction table and analyses it as Qlib's PortAnaRecord: daily report
 * and positions tables, risk tables (benchmark, excess return without / with cost), and the HTML report
 * with its charts rendered to inline SVG. Settings the backtest schemas reject are a `CONFIG_INVALID` error
 * naming each field (never zod's raw error), before any of the work.
 */
export async function runPortfolioAnalysis(provider: QlibProvider, pred: ColumnTable, settings: PortfolioSettings): Promise<PortfolioRun> {
  // parsed here, at the edge, with the backtest package's own schemas: a bad value is the caller's input (exit 2)
  const strategySettings = parseOrThrow(TopkDropoutConfig, settings.strategy, {
    errorClass: WorkflowError,
    code: 'CONFIG_INVALID',
    what: 'portfolio analysis: TopkDropoutStrategy options',
    hint: `TopkDropoutStrategy takes ${Object.keys(TopkDropoutConfig.shape).join(', ')}`,
  });
  const backtestSettings = parseOrThrow(BacktestConfig, settings.backtest, {
    errorClass: WorkflowError,
    code: 'CONFIG_INVALID',
    what: 'portfolio analysis: backtest options',
    hint: `the backtest takes ${Object.keys(BacktestConfig.shape).join(', ')} (exchange: ${Object.keys(ExchangeConfig.shape).join(', ')})`,
  });
  const { signal } = validatePredictions(readPredictionColumns(pred, 'pred'), provider);
  const strategy = new TopkDropoutStrategy(strategySettings);
  const res = runBacktest(provider, signal, strategy, backtestSettings);
  const pa = portfolioAnalysis(res.report);
  const ic = settings.ic ? icChartInput(settings.ic) : undefined;
  // drawn here: a record's page is an artifact, kept small (no vega build inside) and readable in any viewer
  const charts = await Promise.all(reportCharts(res, ic).map(async (c) => ({ ...c, svg: await renderChartSvg(c) })));
  return {
    report: reportTable(res),
    positions: positionsTable(res),
    analysis: { benchmark: riskAnalysis(res.report.bench), ...pa },
    html: htmlReport(res, pa, charts, 'rollq PortAnaRecord'),
  };
}

/** The dated IC / Rank IC lists as the chart input (`positions` index into `dates`; both lists share the dates). */
function icChartInput(a: Pick<SignalAnalysis, 'ic' | 'ric'>): { series: IcSeries; dates: string[] } {
  return {
    dates: a.ic.map((d) => d.date),
    series: {
      positions: a.ic.map((_, k) => k),
      ic: Float64Array.from(a.ic, (d) => d.value),
      rankIc: Float64Array.from(a.ric, (d) => d.value),
    },
  };
}
