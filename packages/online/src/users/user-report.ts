import {
  type BacktestMetrics,
  type BacktestResult,
  emptyResult,
  portfolioAnalysis,
  REPORT_KEYS,
  type RiskMetrics,
  riskAnalysis,
  writeReport,
} from '@rollq/backtest';
import type { UserRecord, UserState } from './user-state.js';

/** A user's account at its last update, for `rollq user list` / `report`. */
export interface UserSummary {
  id: string;
  strategy: string;
  signal: string;
  addDate: string;
  lastDate: string;
  /** Trading days done. */
  days: number;
  initialCash: number;
  cash: number;
  /** Holdings at their last prices. */
  stockValue: number;
  accountValue: number;
  holdings: number;
  /** accountValue / initialCash − 1. */
  totalReturn: number;
  totalCost: number;
}

/** The summary of a user's record. */
export function userSummary(u: UserRecord): UserSummary {
  const stockValue = u.account.holdings.reduce((s, h) => s + h.amount * h.price, 0);
  const accountValue = u.account.cash + stockValue;
  return {
    id: u.id,
    strategy: u.settings.strategy.class,
    signal: u.settings.signal,
    addDate: u.addDate,
    lastDate: u.lastDate,
    days: u.dayCount,
    initialCash: u.settings.account,
    cash: u.account.cash,
    stockValue,
    accountValue,
    holdings: u.account.holdings.length,
    totalReturn: accountValue / u.settings.account - 1,
    totalCost: u.account.totalCost,
  };
}

/** A user's journal as a backtest result (dates, report columns, trades, positions, risk log), for the report code. */
export function userResult(u: UserState): BacktestResult {
  const symbols: string[] = [];
  const index = new Map<string, number>();
  const inst = (s: string | null) => {
    if (s === null) return -1;
    let i = index.get(s);
    if (i === undefined) {
      i = symbols.length;
      symbols.push(s);
      index.set(s, i);
    }
    return i;
  };
  const res = emptyResult(
    u.days.map((d) => d.date),
    symbols,
  );
  u.days.forEach((day, d) => {
    for (const k of REPORT_KEYS) res.report[k][d] = day.row[k];
    for (const t of day.trades)
      res.trades.push({
        day: d,
        inst: inst(t.instrument),
        direction: t.direction,
        amount: t.amount,
        price: t.price,
        value: t.value,
        cost: t.cost,
      });
    for (const p of day.positions)
      res.positions.push({ day: d, inst: inst(p.instrument), amount: p.amount, price: p.price, count: p.count, weight: p.weight });
    for (const e of day.risk) res.riskLog.push({ day: d, inst: inst(e.instrument), check: e.check, before: e.before, after: e.after });
  });
  return res;
}

/** The risk metrics of a user: PortAnaRecord's excess-return tables and the account's own return. */
export interface UserMetrics extends BacktestMetrics {
  /** `risk_analysis` of the daily return net of cost (no benchmark subtracted). */
  return_with_cost: RiskMetrics;
}

/** The metrics of a user's journal (the backtest's `portfolioAnalysis` / `riskAnalysis`). */
export function userMetrics(res: BacktestResult): UserMetrics {
  const net = res.report.return.map((r, d) => r - res.report.cost[d]!);
  return { ...portfolioAnalysis(res.report), return_with_cost: riskAnalysis(net) };
}

/**
 * Writes a user's report into its folder with the backtest's report code: `report.html` (cumulative return
 * against the benchmark, excess return, drawdown and turnover charts), `report.csv`, `positions.csv`,
 * `trades.csv`, `metrics.json`. Nothing is written for a user without trading days. Returns the paths.
 */
export async function writeUserReport(dir: string, u: UserState, res = userResult(u)): Promise<string[]> {
  if (u.days.length === 0) return [];
  return writeReport(dir, res, userMetrics(res), { title: `rollq user ${u.id}` });
}
