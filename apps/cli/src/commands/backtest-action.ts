import {
  type BacktestMetrics,
  closeReturnLabel,
  describeAudit,
  evaluateBacktest,
  expressionLabel,
  REGION_DEFAULTS,
  readPredictionsCsv,
  runBacktest,
  type Strategy,
  TopkDropoutStrategy,
  validatePredictions,
  WeightStrategy,
  writeReport,
} from '@rollq/backtest';
import { QlibProvider } from '@rollq/data';
import { RollqError } from '@rollq/data/errors';
import { writeFileAtomic } from '@rollq/data/node-fs';
import { noneAsNull } from './option-parsers.js';

/** The work of `rollq backtest` (its options: ./backtest.ts), loaded when the command runs. */

/** Benchmarks tried in turn when --benchmark is not given: the cn, then the us region's index. */
const AUTO_BENCHMARKS = [REGION_DEFAULTS.cn.benchmark, REGION_DEFAULTS.us.benchmark].filter((b): b is string => b !== null);

/** `rollq backtest` options as commander hands them over, every value already checked. */
export interface BacktestOptions {
  provider: string;
  pred: string;
  strategy: 'topk-dropout' | 'weight';
  topk: number;
  n_drop: number;
  start?: string;
  end?: string;
  benchmark?: string;
  account: number;
  deal_price: string;
  open_cost: number;
  close_cost: number;
  min_cost: number;
  trade_unit: number | 'none' | null;
  limit_threshold: number | 'none' | null;
  label?: string;
  json?: string;
  report?: string;
  png?: boolean;
  seed: number;
}

/** Runs `rollq backtest`: reads and checks the predictions, backtests them, prints and writes the metrics. */
export async function backtestAction(o: BacktestOptions): Promise<void> {
  const log = (msg: string) => process.stderr.write(`rollq backtest: ${msg}\n`);
  const t0 = performance.now();
  const provider = QlibProvider.open(o.provider);
  checkFields(provider, '--deal-price', o.deal_price);
  if (o.label) checkFields(provider, '--label', o.label);
  const { signal, audit } = validatePredictions(readPredictionsCsv(o.pred), provider);
  checkWindow(provider, signal.positions(), o.start, o.end);
  const dropped = describeAudit(audit);
  log(dropped ? `predictions: ${dropped}` : `predictions: ${audit.kept} rows, ${signal.symbols.length} instruments`);
  const benchmark = chooseBenchmark(provider, o.benchmark, log);
  const strategy: Strategy =
    o.strategy === 'weight' ? new WeightStrategy({ topk: o.topk }) : new TopkDropoutStrategy({ topk: o.topk, nDrop: o.n_drop });
  log(`${strategy.name} backtest over ${signal.symbols.length} instruments…`);
  const res = runBacktest(provider, signal, strategy, {
    start: o.start ?? null,
    end: o.end ?? null,
    account: o.account,
    benchmark,
    seed: o.seed,
    exchange: {
      dealPrice: o.deal_price,
      openCost: o.open_cost,
      closeCost: o.close_cost,
      minCost: o.min_cost,
      tradeUnit: noneAsNull(o.trade_unit),
      limitThreshold: noneAsNull(o.limit_threshold),
    },
  });
  for (const note of res.notes) log(note);
  const cal = provider.calendar;
  const [from, to] = [cal.indexOf(res.dates[0]!), cal.indexOf(res.dates[res.dates.length - 1]!)];
  const label = o.label ? expressionLabel(provider, o.label) : closeReturnLabel(provider);
  // IC over the scored days of the backtest window (all scored days when no window is given, as SigAnaRecord)
  const positions = o.start || o.end ? signal.positions().filter((p) => p >= from && p <= to) : signal.positions();
  const { metrics, ic } = evaluateBacktest(res, signal, { label, positions });
  log(
    `${res.dates[0]}..${res.dates[res.dates.length - 1]}: ${res.dates.length} days, ${res.trades.length} trades, ${((performance.now() - t0) / 1000).toFixed(2)} s`,
  );
  process.stdout.write(formatMetrics(metrics));
  if (o.json) {
    const { ic: icm, excess_return_without_cost, excess_return_with_cost } = metrics;
    await writeFileAtomic(
      o.json,
      `${JSON.stringify({ ic: icm, excess_return_without_cost, excess_return_with_cost, long_short: metrics.long_short }, null, 2)}\n`,
    );
    log(`metrics written to ${o.json}`);
  }
  if (o.report) {
    await writeReport(o.report, res, metrics, {
      ic: ic ? { series: ic, dates: cal.dates } : undefined,
      png: o.png ?? false,
      title: `rollq backtest: ${o.pred}`,
    });
    log(`report written to ${o.report}`);
  }
}

/** The `$field`s of a price or label expression (a bare word is a field, as `close`) that the data lacks: CONFIG_INVALID. */
function checkFields(provider: QlibProvider, flag: string, expr: string): void {
  const names = /^\s*\$?\w+\s*$/.test(expr) ? [expr.trim().replace(/^\$/, '')] : [...expr.matchAll(/\$(\w+)/g)].map((m) => m[1]!);
  const have = new Set(provider.fields());
  const missing = [...new Set(names.map((n) => n.toLowerCase()))].filter((n) => !have.has(n));
  if (missing.length > 0) {
    throw new RollqError(
      'CONFIG_INVALID',
      `${flag} "${expr}": the data has no field ${missing.map((n) => `$${n}`).join(', ')} (${provider.root})`,
      { hint: `use one of its fields (${[...have].join(', ')}), or an expression of them` },
    );
  }
}

/** A --start / --end window that misses every prediction day would backtest nothing: CONFIG_INVALID naming the predictions' range. */
function checkWindow(provider: QlibProvider, positions: ArrayLike<number>, start?: string, end?: string): void {
  if (positions.length === 0 || (start === undefined && end === undefined)) return;
  let [lo, hi] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (let i = 0; i < positions.length; i++) {
    lo = Math.min(lo, positions[i]!);
    hi = Math.max(hi, positions[i]!);
  }
  const [first, last] = [provider.calendar.dates[lo]!, provider.calendar.dates[hi]!];
  if ((start !== undefined && start > last) || (end !== undefined && end < first)) {
    throw new RollqError(
      'CONFIG_INVALID',
      `the backtest window ${start ?? '…'}..${end ?? '…'} holds no prediction day: the predictions cover ${first}..${last}`,
      { hint: `give --start / --end inside ${first}..${last}, or leave them out to backtest every prediction day` },
    );
  }
}

/** Explicit choice, `none`, or the first of SH000300 / ^GSPC ({@link AUTO_BENCHMARKS}) the data holds, else the equal-weight universe. */
function chooseBenchmark(provider: QlibProvider, given: string | undefined, log: (m: string) => void): string | null {
  if (given !== undefined) return given.toLowerCase() === 'none' ? null : given;
  for (const s of AUTO_BENCHMARKS) if (provider.hasSymbol(s)) return s;
  log(`benchmark: neither ${AUTO_BENCHMARKS.join(' nor ')} is in the data, using the equal-weight prediction universe (set --benchmark)`);
  return 'equal-weight';
}

/** Qlib-style terminal tables: the IC row, then the two risk tables with their row names. */
export function formatMetrics(m: BacktestMetrics): string {
  const num = (v: number) => (Number.isFinite(v) ? v.toFixed(6) : 'NaN').padStart(12);
  const lines: string[] = [];
  if (m.ic) {
    const keys = Object.keys(m.ic) as Array<keyof typeof m.ic>;
    lines.push(keys.map((k) => k.padStart(12)).join(''), keys.map((k) => num(m.ic![k])).join(''), '');
  }
  for (const name of ['excess_return_without_cost', 'excess_return_with_cost'] as const) {
    lines.push(name, `${''.padEnd(20)}${'risk'.padStart(12)}`);
    for (const [k, v] of Object.entries(m[name])) lines.push(`${k.padEnd(20)}${num(v)}`);
    lines.push('');
  }
  return lines.join('\n');
}
