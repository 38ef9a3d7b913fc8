import { RollqError, type RollqErrorOptions } from '@rollq/data';

/** Stable codes of the errors `@rollq/rolling` raises. */
export type RollingErrorCode = 'CONFIG_INVALID';

/** Errors raised by `@rollq/rolling`; `code` is stable, `hint` says how to fix the problem. */
export class RollingError extends RollqError<RollingErrorCode> {
  constructor(code: RollingErrorCode, message: string, opts: RollqErrorOptions = {}) {
    super(code, message, opts);
    this.name = 'RollingError';
  }
}
