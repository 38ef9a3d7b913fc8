/**
 * @packageDocumentation
 * `@rollq/backtest`.
 */
export { BacktestError } from './errors.js';
export type { BacktestErrorCode } from './errors.js';
