import { RollqError, type RollqErrorOptions } from '@rollq/data';

/** Stable codes of the errors `@rollq/backtest` raises. */
export type BacktestErrorCode = 'CONFIG_INVALID' | 'PREDICTIONS_INVALID' | 'BENCHMARK_NOT_FOUND' | 'RANGE_INVALID';

/** Errors raised by `@rollq/backtest`; `code` is stable, `hint` says how to fix the problem. */
export class BacktestError extends RollqError<BacktestErrorCode> {
  constructor(code: BacktestErrorCode, message: string, opts: RollqErrorOptions = {}) {
    super(code, message, opts);
    this.name = 'BacktestError';
  }
}
