import { RollqError, type RollqErrorOptions } from '@rollq/data';

/** Stable codes of the errors `@rollq/ensemble` raises. */
export type EnsembleErrorCode = 'CONFIG_INVALID';

/** Errors raised by `@rollq/ensemble`; `code` is stable, `hint` says how to fix the problem. */
export class EnsembleError extends RollqError<EnsembleErrorCode> {
  constructor(code: EnsembleErrorCode, message: string, opts: RollqErrorOptions = {}) {
    super(code, message, opts);
    this.name = 'EnsembleError';
  }
}
