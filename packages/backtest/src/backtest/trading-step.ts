import type { Position } from '../account/position.js';
import type { Exchange } from '../exchange/exchange.js';
import type { DaySignal } from '../signal/signal.js';
import type { RiskLog, Strategy } from '../strategy/types.js';
import type { TradeRecord } from './result.js';

/**
 * What an account carries from one trading day to the next: the position (cash and holdings), the account
 * value at the last close, its peak, and the running turnover and cost totals. {@link tradingStep} updates it.
 */
export interface AccountState {
  position: Position;
  /** Account value at the previous bar end (the initial cash before the first day). */
  prevValue: number;
  /** Highest account value reached so far (the initial cash at the start). */
  peakValue: number;
  totalTurnover: number;
  totalCost: number;
}

/** The inputs of one trading day besides the account. */
export interface TradingDay {
  /** Local day index into the exchange's quotes (the day the orders trade). */
  day: number;
  exchange: Exchange;
  strategy: Strategy;
  /** The previous trading day's scores (null: none, the strategy decides nothing). */
  score: DaySignal | null;
  /** The seeded generator of the random buy/sell methods. */
  random: () => number;
  /** Where risk controls record what they changed. */
  log: RiskLog;
  /** The benchmark's return that day (0 for none). */
  bench: number;
}

/** One day of Qlib's daily report (`report_normal_1day`). */
export interface ReportRow {
  account: number;
  return: number;
  totalTurnover: number;
  turnover: number;
  totalCost: number;
  cost: number;
  value: number;
  cash: number;
  bench: number;
}

/** What one trading day did: its filled orders (`day` = the local day) and its report row. */
export interface TradingStepResult {
  trades: TradeRecord[];
  row: ReportRow;
}

/**
 * One day of Qlib's `SimulatorExecutor` from a given account state: the strategy turns the previous day's
 * scores into orders, they fill in order against the account, then at the bar end holdings are revalued at
 * the close (suspended ones keep their last price) and their hold counts grow. `runBacktest` runs exactly
 * this step for every day of its range, so an account stepped one day at a time (rollq's online users)
 * follows the same trades as the whole backtest.
 *
 * @example
 * ```ts
 * const state = { position: new Position(1e6), prevValue: 1e6, peakValue: 1e6, totalTurnover: 0, totalCost: 0 };
 * const { trades, row } = tradingStep(state, { day: 0, exchange, strategy, score: signal.day(pos - 1), random, log: [], bench: 0 });
 * ```
 */
export function tradingStep(state: AccountState, t: TradingDay): TradingStepResult {
  const { position, prevValue: prev } = state;
  const { day: d, exchange } = t;
  const orders = t.strategy.decide({
    day: d,
    exchange,
    position,
    score: t.score,
    accountValue: prev,
    peakValue: state.peakValue,
    random: t.random,
    log: t.log,
  });
  const trades: TradeRecord[] = [];
  let traded = 0;
  let cost = 0;
  for (const order of orders) {
    const fill = exchange.deal(order, d, position);
    if (fill.value === 0) continue;
    traded += fill.value;
    cost += fill.cost;
    trades.push({
      day: d,
      inst: order.inst,
      direction: order.direction,
      amount: fill.amount,
      price: fill.price,
      value: fill.value,
      cost: fill.cost,
    });
  }
  // bar end: revalue at the close unless suspended, then count the bar
  position.holdings.forEach((h, inst) => {
    if (!exchange.isSuspended(inst, d)) h.price = exchange.close(inst, d);
    h.count += 1;
  });
  const value = position.stockValue();
  const account = position.cash + value;
  state.totalTurnover += traded;
  state.totalCost += cost;
  const row: ReportRow = {
    account,
    return: (account - prev + cost) / prev,
    totalTurnover: state.totalTurnover,
    turnover: traded / prev,
    totalCost: state.totalCost,
    cost: cost / prev,
    value,
    cash: position.cash,
    bench: t.bench,
  };
  state.prevValue = account;
  state.peakValue = Math.max(state.peakValue, account);
  return { trades, row };
}
