import { type ColumnTable, table } from 'arquero';
import type { BacktestResult } from '../backtest/result.js';
import { positionsColumns, reportColumns, riskLogColumns, tradesColumns } from './columns.js';

// arquero tables of a backtest result (the workflow's recorder artifacts), apart from ./columns.ts: arquero is
// ~70 ms of module loading that a backtest, its CSV files and its report do not need

/**
 * {@link reportColumns} (the daily report as Qlib's `report_normal_1day` frame) as an arquero table.
 *
 * @example
 * ```ts
 * const report = reportTable(res); // res: a runBacktest result
 * report.derive({ excess: (d) => d.return - d.bench - d.cost }).print(); // arquero verbs
 * ```
 */
export function reportTable(res: BacktestResult): ColumnTable {
  return table(reportColumns(res));
}

/** {@link positionsColumns} (holdings at each bar end) as an arquero table. */
export function positionsTable(res: BacktestResult): ColumnTable {
  return table(positionsColumns(res));
}

/** {@link tradesColumns} (filled orders) as an arquero table. */
export function tradesTable(res: BacktestResult): ColumnTable {
  return table(tradesColumns(res));
}

/** {@link riskLogColumns} (what the risk controls changed) as an arquero table. */
export function riskLogTable(res: BacktestResult): ColumnTable {
  return table(riskLogColumns(res));
}
