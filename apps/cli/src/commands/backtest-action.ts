import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BacktestMetrics,
  closeReturnLabel,
  describeAudit,
  evaluateBacktest,
  expressionLabel,
  type RegionDefaults,
  readPredictionsCsv,
  regionDefaults,
  runBacktest,
  type Strategy,
  TopkDropoutStrategy,
  validatePredictions,
  WeightStrategy,
  writeReport,
} from '@rollq/backtest';
import { RollqError } from '@rollq/data/errors';
import { writeFileAtomicSync } from '@rollq/data/node-fs';
import { QlibProvider } from '@rollq/data/provider';
import type { BacktestRegion } from './backtest.js';
import { noneAsNull } from './option-parsers.js';

/** The work of `rollq backtest` (its options: ./backtest.ts), loaded when the command runs. */

/** `rollq backtest` options as commander hands them over, every value already checked. */
export interface BacktestOptions {
  provider: string;
  pred: string;
  strategy: 'topk-dropout' | 'weight';
  region?: BacktestRegion;
  topk?: number;
  n_drop?: number;
  start?: string;
  end?: string;
  benchmark?: string;
  account?: number;
  deal_price?: string;
  open_cost?: number;
  close_cost?: number;
  min_cost?: number;
  trade_unit?: number | 'none' | null;
  limit_threshold?: number | 'none' | null;
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
  const { region, from: regionFrom } = o.region ? { region: o.region, from: '--region' } : dataRegion(provider);
  const d = regionDefaults(region);
  const dealPrice = o.deal_price ?? d.exchange.dealPrice;
  log(`region ${region} (${regionFrom}): defaults ${describeDefaults(d)}`);
  checkFields(provider, '--deal-price', dealPrice);
  if (o.label) checkFields(provider, '--label', o.label);
  const { signal, audit } = validatePredictions(readPredictionsCsv(o.pred), provider);
  checkWindow(provider, signal.positions(), o.start, o.end);
  const dropped = describeAudit(audit);
  log(dropped ? `predictions: ${dropped}` : `predictions: ${audit.kept} rows, ${signal.symbols.length} instruments`);
  const benchmark = chooseBenchmark(provider, o.benchmark, d, log);
  const topk = o.topk ?? d.strategy.topk;
  const strategy: Strategy =
    o.strategy === 'weight' ? new WeightStrategy({ topk }) : new TopkDropoutStrategy({ topk, nDrop: o.n_drop ?? d.strategy.nDrop });
  log(`${strategy.name} backtest over ${signal.symbols.length} instruments…`);
  const res = runBacktest(provider, signal, strategy, {
    start: o.start ?? null,
    end: o.end ?? null,
    account: o.account ?? d.account,
    benchmark,
    seed: o.seed,
    exchange: {
      dealPrice,
      openCost: o.open_cost ?? d.exchange.openCost,
      closeCost: o.close_cost ?? d.exchange.closeCost,
      minCost: o.min_cost ?? d.exchange.minCost,
      tradeUnit: o.trade_unit === undefined ? d.exchange.tradeUnit : noneAsNull(o.trade_unit),
      limitThreshold: o.limit_threshold === undefined ? d.exchange.limitThreshold : noneAsNull(o.limit_threshold),
    },
  });
  for (const note of res.notes) log(note);
  const cal = provider.calendar;
  const [from, to] = [cal.indexOf(res.dates[0]!), cal.indexOf(res.dates[res.dates.length - 1]!)];
  // IC over the scored days of the backtest window (all scored days when no window is given, as SigAnaRecord)
  const positions = o.start || o.end ? signal.positions().filter((p) => p >= from && p <= to) : signal.positions();
  // the label only where IC reads it (positions ascend)
  const span = positions.length ? { from: positions[0]!, to: positions[positions.length - 1]! } : undefined;
  const label = o.label ? expressionLabel(provider, o.label) : closeReturnLabel(provider, span);
  const { metrics, ic } = evaluateBacktest(res, signal, { label, positions });
  log(
    `${res.dates[0]}..${res.dates[res.dates.length - 1]}: ${res.dates.length} days, ${res.trades.length} trades, ${((performance.now() - t0) / 1000).toFixed(2)} s`,
  );
  process.stdout.write(formatMetrics(metrics));
  if (o.json) {
    const { ic: icm, excess_return_without_cost, excess_return_with_cost } = metrics;
    const json = { ic: icm, excess_return_without_cost, excess_return_with_cost, long_short: metrics.long_short };
    // synchronous: a small file at the end of the command, where the promise API's hops cost more than the write
    writeFileAtomicSync(o.json, `${JSON.stringify(json, null, 2)}\n`);
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
  const wanted = [...new Set(names.map((n) => n.toLowerCase()))];
  // a field found among the first few symbols (a small file read each, cached) spares listing every folder
  // of the data (provider.fields(): a readdir per symbol, ~50 ms on 500 symbols); a miss still lists them all
  const probe = provider.symbols().slice(0, 8);
  const stored = (s: string, n: string) => {
    try {
      return provider.loadField(s, n) !== null;
    } catch {
      return false; // an unreadable file of a symbol the backtest may not use: decided by the full listing
    }
  };
  if (wanted.every((n) => probe.some((s) => stored(s, n)))) return;
  const have = new Set(provider.fields());
  const missing = wanted.filter((n) => !have.has(n));
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

/** The region marker `data import` may write beside calendars/ (`rollq.json`: `{ "region": "us" }`). */
export const REGION_MARKER = 'rollq.json';

/**
 * The data's region: the `region` of its {@link REGION_MARKER} when it names cn or us; else inferred: us for
 * data without SH/SZ symbols that holds ^GSPC or an sp500 market, cn otherwise.
 */
export function dataRegion(provider: QlibProvider): { region: BacktestRegion; from: string } {
  const marker = join(provider.root, REGION_MARKER);
  if (existsSync(marker)) {
    try {
      const r = (JSON.parse(readFileSync(marker, 'utf8')) as { region?: unknown }).region;
      if (r === 'cn' || r === 'us') return { region: r, from: REGION_MARKER };
    } catch {
      // an unreadable marker: infer, as without one
    }
  }
  const cnSymbols = provider.symbols().some((s) => /^(SH|SZ)\d/i.test(s));
  const usLike = provider.hasSymbol('^GSPC') || provider.markets().some((m) => m.toLowerCase() === 'sp500');
  return { region: !cnSymbols && usLike ? 'us' : 'cn', from: 'inferred from the data' };
}

function describeDefaults(d: RegionDefaults): string {
  const e = d.exchange;
  return `trade unit ${e.tradeUnit ?? 'none'}, limit ${e.limitThreshold ?? 'none'}, deal price ${e.dealPrice}, costs ${e.openCost}/${e.closeCost} min ${e.minCost}, benchmark ${d.benchmark ?? 'none'} (options given override them)`;
}

/** Explicit choice, `none`, or the region's benchmark when the data holds it, else the equal-weight universe. */
function chooseBenchmark(provider: QlibProvider, given: string | undefined, d: RegionDefaults, log: (m: string) => void): string | null {
  if (given !== undefined) return given.toLowerCase() === 'none' ? null : given;
  if (d.benchmark !== null && provider.hasSymbol(d.benchmark)) return d.benchmark;
  log(
    `benchmark: ${d.benchmark ?? 'the region has none and it'} is not in the data, using the equal-weight prediction universe (set --benchmark)`,
  );
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
