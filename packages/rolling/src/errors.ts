import { RollqError, type RollqErrorOptions } from '@rollq/data';

/** Stable codes of the errors `@rollq/rolling` raises. */
export type RollingErrorCode =
  /** A workflow YAML (or its BASE_CONFIG_PATH) failed to parse or validate. */
  | 'CONFIG_INVALID'
  /** The workflow file or its BASE_CONFIG_PATH does not exist. */
  | 'CONFIG_NOT_FOUND'
  /** `${VAR}` / `{{ VAR }}` names an environment variable that is not set. */
  | 'CONFIG_ENV_MISSING'
  /** A segment cannot be aligned, shifted or truncated (bad shape, open start, outside the calendar). */
  | 'SEGMENT_INVALID'
  /** A segment was shifted past the calendar's end (Qlib raises KeyError here). */
  | 'SEGMENT_OUT_OF_RANGE'
  /** A task template lacks what a generator needs (test segment, valid shape). */
  | 'TASK_INVALID'
  /** A generator option (step, rtype, horizon, …) is out of range. */
  | 'GENERATOR_INVALID';

/** Errors raised by `@rollq/rolling`; `code` is stable, `hint` says how to fix the problem. */
export class RollingError extends RollqError<RollingErrorCode> {
  constructor(code: RollingErrorCode, message: string, opts: RollqErrorOptions = {}) {
    super(code, message, opts);
    this.name = 'RollingError';
  }
}
