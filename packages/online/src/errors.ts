import { RollqError, type RollqErrorOptions } from '@rollq/data';

/** Stable codes of the errors `@rollq/online` raises. */
export type OnlineErrorCode = 'CONFIG_INVALID';

/** Errors raised by `@rollq/online`; `code` is stable, `hint` says how to fix the problem. */
export class OnlineError extends RollqError<OnlineErrorCode> {
  constructor(code: OnlineErrorCode, message: string, opts: RollqErrorOptions = {}) {
    super(code, message, opts);
    this.name = 'OnlineError';
  }
}
