import type { Position } from '../account/position.js';
import type { Exchange, Order } from '../exchange/exchange.js';
import type { DaySignal } from '../signal/signal.js';

/** What a strategy sees at one step. */
export interface StepContext {
  /** Local day index into the exchange's quotes (the day the orders trade). */
  day: number;
  exchange: Exchange;
  /** The real position before this step's orders; strategies must not change it. */
  position: Position;
  /** The previous trading day's scores (Qlib: signal of t−1 trades on t), or null when there are none. */
  score: DaySignal | null;
  /** Account value (cash + holdings at their last prices) before this step. */
  accountValue: number;
  /** Highest account value reached so far (the initial cash at the start). */
  peakValue: number;
  /** Uniform [0, 1) numbers from the backtest's seeded generator. */
  random: () => number;
  /** Where strategies record what a risk control changed. */
  log: RiskLog;
}

/** One change a risk control made to an order or to the risk degree. */
export interface RiskEvent {
  day: number;
  /** Instrument index, or -1 for account-level events (the drawdown cut). */
  inst: number;
  check: 'drawdown' | 'concentration' | 'liquidity';
  /** The value before the check: an amount in adjusted shares, or the risk degree. */
  before: number;
  /** The value after it. */
  after: number;
}

/** Collected risk-control events. */
export type RiskLog = RiskEvent[];

/** A trading strategy: turns one step's context into orders, sells first (the executor runs them in order). */
export interface Strategy {
  readonly name: string;
  decide(ctx: StepContext): Order[];
}
