import { RollqError, type RollqErrorOptions } from '@rollq/data';

/** Stable codes of the errors `@rollq/model` raises. */
export type ModelErrorCode = 'CONFIG_INVALID';

/** Errors raised by `@rollq/model`; `code` is stable, `hint` says how to fix the problem. */
export class ModelError extends RollqError<ModelErrorCode> {
  constructor(code: ModelErrorCode, message: string, opts: RollqErrorOptions = {}) {
    super(code, message, opts);
    this.name = 'ModelError';
  }
}
