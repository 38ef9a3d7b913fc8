/**
 * The base error of every rollq package. Each error carries a stable machine `code`, a message that names
 * the problem, and (where one exists) a `hint` that says how to fix it. The CLI maps codes to exit codes:
 * configuration and input errors exit 2, runtime failures exit 1.
 */
export type DataErrorCode =
  | 'CALENDAR_INVALID'
  | 'CALENDAR_OUT_OF_RANGE'
  | 'DATE_INVALID'
  | 'PROVIDER_NOT_FOUND'
  | 'INSTRUMENTS_INVALID'
  | 'MARKET_NOT_FOUND'
  | 'FEATURE_FILE_INVALID'
  | 'CSV_INVALID'
  | 'IMPORT_FAILED'
  | 'IMPORT_TARGET_INVALID'
  | 'EXPRESSION_SYNTAX'
  | 'EXPRESSION_UNKNOWN_OPERATOR'
  | 'EXPRESSION_ARGUMENT'
  | 'HANDLER_INVALID'
  | 'PROCESSOR_INVALID'
  | 'SEGMENT_INVALID'
  | 'DATASET_INVALID'
  | 'CONFIG_INVALID'
  | 'STORE_LOCK_TIMEOUT'
  | 'REGISTRY_DUPLICATE';

export interface RollqErrorOptions {
  /** How the user can fix the problem, shown after the message. */
  hint?: string;
  /** Structured facts about the failure (file, line, field, …) for programs. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** Root of the rollq error hierarchy; `code` is a stable string other packages extend with their own codes. */
export class RollqError<C extends string = string> extends Error {
  readonly code: C;
  readonly hint?: string;
  readonly details?: Record<string, unknown>;

  constructor(code: C, message: string, opts: RollqErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'RollqError';
    this.code = code;
    this.hint = opts.hint;
    this.details = opts.details;
  }

  /** Message plus hint, the way the CLI prints it. */
  describe(): string {
    return this.hint ? `${this.message}\n  hint: ${this.hint}` : this.message;
  }
}

/** Errors raised by `@rollq/data`. */
export class DataError extends RollqError<DataErrorCode> {
  constructor(code: DataErrorCode, message: string, opts: RollqErrorOptions = {}) {
    super(code, message, opts);
    this.name = 'DataError';
  }
}

/** True for any rollq error (whatever package raised it). */
export function isRollqError(e: unknown): e is RollqError {
  return e instanceof RollqError;
}
