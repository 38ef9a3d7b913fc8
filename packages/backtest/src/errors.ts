import { COMMON_ERROR_CODES, defineErrorClass } from '@rollq/data/provider';

/** Stable codes of the errors `@rollq/backtest` raises, and their exit class (usage: exit 2, runtime: exit 1). */
export const BACKTEST_ERROR_CODES = {
  ...COMMON_ERROR_CODES,
  /** No usable prediction row, or a predictions file that cannot be read. */
  PREDICTIONS_INVALID: 'usage',
  /** The benchmark the user named is not in the data. */
  BENCHMARK_NOT_FOUND: 'usage',
  /** The backtest window does not fit the calendar or the signal. */
  RANGE_INVALID: 'usage',
} as const;

/** Stable codes of the errors `@rollq/backtest` raises. */
export type BacktestErrorCode = keyof typeof BACKTEST_ERROR_CODES;

/** Errors raised by `@rollq/backtest`; `code` is stable, `hint` says how to fix the problem. */
export class BacktestError extends defineErrorClass('BacktestError', BACKTEST_ERROR_CODES) {}
