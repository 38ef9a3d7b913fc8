import { type ColumnTable, table } from 'arquero';
import type { BacktestResult } from '../backtest/result.js';

/**
 * The daily report as Qlib's `report_normal_1day` frame: `datetime, account, return, total_turnover,
 * turnover, total_cost, cost, value, cash, bench`.
 *
 * @example
 * ```ts
 * const report = reportTable(res); // res: a runBacktest result
 * report.derive({ excess: (d) => d.return - d.bench - d.cost }).print(); // arquero verbs
 * ```
 */
export function reportTable(res: BacktestResult): ColumnTable {
  const r = res.report;
  return table({
    datetime: res.dates,
    account: r.account,
    return: r.return,
    total_turnover: r.totalTurnover,
    turnover: r.turnover,
    total_cost: r.totalCost,
    cost: r.cost,
    value: r.value,
    cash: r.cash,
    bench: r.bench,
  });
}

/** Holdings at each bar end: `datetime, instrument, amount, price, count, weight` (weight of the account). */
export function positionsTable(res: BacktestResult): ColumnTable {
  const p = res.positions;
  return table({
    datetime: p.map((x) => res.dates[x.day]!),
    instrument: p.map((x) => res.symbols[x.inst]!),
    amount: Float64Array.from(p, (x) => x.amount),
    price: Float64Array.from(p, (x) => x.price),
    count: Int32Array.from(p, (x) => x.count),
    weight: Float64Array.from(p, (x) => x.weight),
  });
}

/** Filled orders: `datetime, instrument, direction, amount, price, value, cost`. */
export function tradesTable(res: BacktestResult): ColumnTable {
  const t = res.trades;
  return table({
    datetime: t.map((x) => res.dates[x.day]!),
    instrument: t.map((x) => res.symbols[x.inst]!),
    direction: t.map((x) => x.direction),
    amount: Float64Array.from(t, (x) => x.amount),
    price: Float64Array.from(t, (x) => x.price),
    value: Float64Array.from(t, (x) => x.value),
    cost: Float64Array.from(t, (x) => x.cost),
  });
}

/** What the risk controls changed: `datetime, instrument, check, before, after` (instrument empty for account-level cuts). */
export function riskLogTable(res: BacktestResult): ColumnTable {
  const l = res.riskLog;
  return table({
    datetime: l.map((x) => res.dates[x.day]!),
    instrument: l.map((x) => (x.inst < 0 ? '' : res.symbols[x.inst]!)),
    check: l.map((x) => x.check),
    before: Float64Array.from(l, (x) => x.before),
    after: Float64Array.from(l, (x) => x.after),
  });
}
