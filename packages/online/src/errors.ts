import { RollqError, type RollqErrorOptions } from '@rollq/data';

/** Stable codes of the errors `@rollq/online` raises. */
export type OnlineErrorCode =
  | 'CONFIG_INVALID'
  | 'EXPERIMENT_REQUIRED'
  | 'ARTIFACT_NOT_FOUND'
  | 'PREDICTIONS_INVALID'
  | 'RECORD_INVALID'
  | 'STATE_NOT_FOUND'
  | 'STATE_INVALID'
  | 'STATE_EXISTS'
  | 'STRATEGY_EXISTS'
  | 'HISTORY_NOT_FOUND'
  | 'SIGNALS_NOT_FOUND'
  | 'INJECTED_CRASH';

/** Errors raised by `@rollq/online`; `code` is stable, `hint` says how to fix the problem. */
export class OnlineError extends RollqError<OnlineErrorCode> {
  constructor(code: OnlineErrorCode, message: string, opts: RollqErrorOptions = {}) {
    super(code, message, opts);
    this.name = 'OnlineError';
  }
}
