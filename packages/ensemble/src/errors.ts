import { RollqError, type RollqErrorOptions } from '@rollq/data';

/** Stable codes of the errors `@rollq/ensemble` raises. */
export type EnsembleErrorCode =
  /** Options (weights, processors) are invalid. */
  | 'CONFIG_INVALID'
  /** A prediction table lacks `datetime` / `instrument` / value columns, or parts disagree on columns. */
  | 'TABLE_INVALID'
  /** A group key has the wrong shape (RollingGroup needs tuple keys). */
  | 'GROUP_KEY_INVALID';

/** Errors raised by `@rollq/ensemble`; `code` is stable, `hint` says how to fix the problem. */
export class EnsembleError extends RollqError<EnsembleErrorCode> {
  constructor(code: EnsembleErrorCode, message: string, opts: RollqErrorOptions = {}) {
    super(code, message, opts);
    this.name = 'EnsembleError';
  }
}
