import type { QlibProvider } from '@rollq/data';
import type { BacktestConfigInput } from '../src/backtest/backtest-config.js';
import { runBacktest } from '../src/backtest/run-backtest.js';
import { Signal } from '../src/signal/signal.js';
import type { Strategy } from '../src/strategy/types.js';
import { type SymbolFields, weekdays, writeQlibDir } from './qlib-dir.js';

/** Per symbol: close per day (NaN = suspended); optional volume (default 1e9) and factor (default 1). */
export interface TinyStock {
  close: number[];
  volume?: number[];
  factor?: number[];
}

/** A small market where every trade can be checked by hand; `change` is derived from the closes. */
export function tinyMarket(stocks: Record<string, TinyStock>, days?: number): QlibProvider {
  const n = days ?? Object.values(stocks)[0]!.close.length;
  const dates = weekdays('2021-03-01', n);
  const out: Record<string, SymbolFields> = {};
  for (const [sym, s] of Object.entries(stocks)) {
    let prev = NaN;
    const change = s.close.map((c) => {
      const r = c / prev - 1;
      if (!Number.isNaN(c)) prev = c;
      return r;
    });
    out[sym] = {
      close: s.close,
      open: s.close,
      change,
      volume: s.volume ?? s.close.map(() => 1e9),
      factor: s.factor ?? s.close.map(() => 1),
    };
  }
  return writeQlibDir(dates, out);
}

/** Signal from per-day score maps: `scores[t]` scores calendar day t (and trades on t + 1). */
export function tinySignal(scores: Array<Record<string, number>>): Signal {
  return Signal.fromRows(scores.flatMap((day, pos) => Object.entries(day).map(([instrument, score]) => ({ pos, instrument, score }))));
}

/** Runs a backtest from day 1 to the last day with no costs unless given, no benchmark, 1-share lots. */
export function runTiny(provider: QlibProvider, signal: Signal, strategy: Strategy, cfg: BacktestConfigInput = {}) {
  const cal = provider.calendar;
  const res = runBacktest(provider, signal, strategy, {
    start: cal.date(1),
    end: cal.last,
    account: 10_000,
    benchmark: null,
    ...cfg,
    exchange: { openCost: 0, closeCost: 0, minCost: 0, tradeUnit: 1, ...cfg.exchange },
  });
  const holdings = res.dates.map((_, d) =>
    res.positions
      .filter((p) => p.day === d)
      .map((p) => res.symbols[p.inst]!)
      .sort()
      .join(','),
  );
  const trades = res.dates.map((_, d) =>
    res.trades
      .filter((x) => x.day === d)
      .map((x) => `${x.direction === 'buy' ? '+' : '-'}${res.symbols[x.inst]}:${+x.amount.toFixed(4)}`)
      .join(' '),
  );
  return { res, holdings, trades };
}
