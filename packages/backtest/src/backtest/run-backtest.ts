import { evaluateSeries, type QlibProvider } from '@rollq/data/provider';
import { Position } from '../account/position.js';
import { BacktestError } from '../errors.js';
import { Exchange } from '../exchange/exchange.js';
import { Quotes, type SeriesLoader } from '../exchange/quotes.js';
import type { Signal } from '../signal/signal.js';
import { seededRandom } from '../strategy/rng.js';
import type { RiskLog, Strategy } from '../strategy/types.js';
import { BacktestConfig, type BacktestConfigInput } from './backtest-config.js';
import { benchmarkReturns } from './benchmark.js';
import { type BacktestResult, emptyResult, REPORT_KEYS } from './result.js';
import { type AccountState, tradingStep } from './trading-step.js';

/** Extra inputs of `runBacktest` that are not plain settings. */
export interface RunOptions {
  /** Overrides how the deal price of a symbol is loaded (default: the field, or the expression evaluated). */
  dealPriceLoader?: SeriesLoader;
  /** Called after each simulated day with (days done, total days); the CLI draws progress from it. */
  onProgress?: (done: number, total: number) => void;
}

const FIELD = /^\$?[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Runs a daily backtest the way Qlib's `backtest()` with a `SimulatorExecutor` does: each trading day is one
 * {@link tradingStep} (the strategy reads the previous day's scores and emits orders, which fill in order
 * against the account; at the bar end holdings are revalued at the close, suspended ones keep their last
 * price, hold counts grow), and its report row is written.
 *
 * @example
 * ```ts
 * const { signal } = validatePredictions(readPredictionsCsv('pred.csv'), provider);
 * const res = runBacktest(provider, signal, new TopkDropoutStrategy({ topk: 50, nDrop: 5 }), {
 *   start: '2017-01-03',
 *   end: '2017-12-29',
 *   benchmark: '^GSPC',
 *   exchange: { tradeUnit: 1, limitThreshold: null }, // US: single shares, no price limits
 * });
 * res.report.account; // Float64Array: the account value at each day's close, one per res.dates
 * ```
 */
export function runBacktest(
  provider: QlibProvider,
  signal: Signal,
  strategy: Strategy,
  config: BacktestConfigInput = {},
  opts: RunOptions = {},
): BacktestResult {
  const cfg = BacktestConfig.parse(config);
  const cal = provider.calendar;
  const [from, to] = tradeRange(provider, signal, cfg.start, cfg.end);
  const dealPrice = dealPriceLoader(provider, cfg.exchange.dealPrice, opts.dealPriceLoader);
  const quotes = Quotes.load(provider, signal.symbols, from, to, dealPrice);
  const exchange = new Exchange(quotes, cfg.exchange);
  const bench = benchmarkReturns(provider, cfg.benchmark, from, to, signal.symbols);
  const res = emptyResult(cal.dates.slice(from, to + 1), signal.symbols);
  if (quotes.percentChange.length) {
    res.notes.push(
      `$change of ${quotes.percentChange.length} instrument(s) is stored in percent (e.g. ${quotes.percentChange.slice(0, 3).join(', ')}); divided by 100 for the limit check`,
    );
  }
  if (quotes.adjustedPriceMode && cfg.exchange.tradeUnit !== null) {
    res.notes.push('some $factor values are missing where $close exists: trading adjusted amounts without lot rounding, as Qlib does');
  }
  const state: AccountState = {
    position: new Position(cfg.account),
    prevValue: cfg.account,
    peakValue: cfg.account,
    totalTurnover: 0,
    totalCost: 0,
  };
  const random = seededRandom(cfg.seed);
  const log: RiskLog = res.riskLog;
  const r = res.report;
  for (let d = 0; d < quotes.days; d++) {
    const { trades, row } = tradingStep(state, {
      day: d,
      exchange,
      strategy,
      score: signal.day(from + d - 1),
      random,
      log,
      bench: bench[d]!,
    });
    for (const t of trades) res.trades.push(t);
    for (const k of REPORT_KEYS) r[k][d] = row[k];
    state.position.holdings.forEach((h, inst) => {
      res.positions.push({ day: d, inst, amount: h.amount, price: h.price, count: h.count, weight: (h.amount * h.price) / row.account });
    });
    opts.onProgress?.(d + 1, quotes.days);
  }
  return res;
}

/** Calendar positions of the first and last trade day (Qlib PortAnaRecord's defaults when not given). */
function tradeRange(provider: QlibProvider, signal: Signal, start: string | null, end: string | null): [number, number] {
  const cal = provider.calendar;
  const predPos = signal.positions();
  if (predPos.length === 0) {
    throw new BacktestError('PREDICTIONS_INVALID', 'the signal has no scores', {
      hint: 'pass a prediction file with datetime,instrument,score rows',
    });
  }
  const from = start ? cal.bisectLeft(start) : predPos[0]!;
  const to = end ? cal.bisectRight(end) - 1 : Math.max(predPos[0]!, predPos[predPos.length - 1]! - 1);
  if (from >= cal.length || to < 0 || to < from) {
    throw new BacktestError('RANGE_INVALID', `no trading day between ${start ?? cal.date(from)} and ${end ?? cal.date(Math.max(to, 0))}`, {
      hint: `choose --start/--end inside the calendar ${cal.first}..${cal.last}, start before end`,
    });
  }
  return [from, to];
}

/**
 * How `Quotes.load` reads the deal price `dealPrice`: `custom` when given, null for the close (reused), a
 * stored field, or an expression evaluated per symbol.
 */
export function dealPriceLoader(provider: QlibProvider, dealPrice: string, custom: SeriesLoader | undefined): SeriesLoader | null {
  if (custom) return custom;
  if (dealPrice === 'close' || dealPrice === '$close') return null; // Quotes reuses the close array
  if (FIELD.test(dealPrice)) return (s) => provider.loadAligned(s, dealPrice);
  // an expression such as ($open+$close)/2: evaluated per symbol by the data package's engine
  return (s) => evaluateSeries(provider, dealPrice, s);
}
