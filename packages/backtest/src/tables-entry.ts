/**
 * @packageDocumentation
 * `@rollq/backtest/tables`: a backtest result's report, positions, trades and risk log as arquero tables (the
 * workflow's recorder artifacts). Apart from the package index so that a backtest, its CSV files and its
 * report load no arquero (~70 ms of module loading); `reportColumns` and the other column builders in the
 * index give the same columns without it.
 */

export { positionsTable, reportTable, riskLogTable, tradesTable } from './report/tables.js';
