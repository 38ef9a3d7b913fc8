import type { RiskLog } from '../strategy/types.js';

/** Qlib's daily report columns (`report_normal_1day`), one value per trading day. */
export interface ReportColumns {
  account: Float64Array;
  return: Float64Array;
  totalTurnover: Float64Array;
  turnover: Float64Array;
  totalCost: Float64Array;
  cost: Float64Array;
  value: Float64Array;
  cash: Float64Array;
  bench: Float64Array;
}

/** The report columns in Qlib's order (the keys of {@link ReportColumns}). */
export const REPORT_KEYS = [
  'account',
  'return',
  'totalTurnover',
  'turnover',
  'totalCost',
  'cost',
  'value',
  'cash',
  'bench',
] as const satisfies ReadonlyArray<keyof ReportColumns>;

/** One filled order. */
export interface TradeRecord {
  day: number;
  inst: number;
  direction: 'buy' | 'sell';
  amount: number;
  price: number;
  value: number;
  cost: number;
}

/** One holding at one bar end. */
export interface PositionRecord {
  day: number;
  inst: number;
  amount: number;
  price: number;
  count: number;
  weight: number;
}

/** Everything a backtest produced; `day` fields index `dates`, `inst` fields index `symbols`. */
export interface BacktestResult {
  dates: string[];
  symbols: readonly string[];
  report: ReportColumns;
  trades: TradeRecord[];
  positions: PositionRecord[];
  riskLog: RiskLog;
  /** Things about the data the run adjusted for (e.g. a percent-scale `$change`), for the log. */
  notes: string[];
}

/** A result with zeroed report columns for `dates`. */
export function emptyResult(dates: string[], symbols: readonly string[]): BacktestResult {
  const col = () => new Float64Array(dates.length);
  return {
    dates,
    symbols,
    report: {
      account: col(),
      return: col(),
      totalTurnover: col(),
      turnover: col(),
      totalCost: col(),
      cost: col(),
      value: col(),
      cash: col(),
      bench: col(),
    },
    trades: [],
    positions: [],
    riskLog: [],
    notes: [],
  };
}
