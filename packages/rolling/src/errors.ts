import { COMMON_ERROR_CODES, defineErrorClass } from '@rollq/data';

/** Stable codes of the errors `@rollq/rolling` raises, and their exit class (usage: exit 2, runtime: exit 1). */
export const ROLLING_ERROR_CODES = {
  /** CONFIG_INVALID: a workflow YAML (or its BASE_CONFIG_PATH) failed to parse or validate. */
  ...COMMON_ERROR_CODES,
  /** The workflow file or its BASE_CONFIG_PATH does not exist. */
  CONFIG_NOT_FOUND: 'usage',
  /** `${VAR}` / `{{ VAR }}` names an environment variable that is not set. */
  CONFIG_ENV_MISSING: 'usage',
  /** A segment cannot be aligned, shifted or truncated (bad shape, open start, outside the calendar). */
  SEGMENT_INVALID: 'usage',
  /** A segment was shifted past the calendar's end (Qlib raises KeyError here). */
  SEGMENT_OUT_OF_RANGE: 'usage',
  /** A task template lacks what a generator needs (test segment, valid shape). */
  TASK_INVALID: 'usage',
  /** A generator option (step, rtype, horizon, …) is out of range. */
  GENERATOR_INVALID: 'usage',
} as const;

/** Stable codes of the errors `@rollq/rolling` raises. */
export type RollingErrorCode = keyof typeof ROLLING_ERROR_CODES;

/** Errors raised by `@rollq/rolling`; `code` is stable, `hint` says how to fix the problem. */
export class RollingError extends defineErrorClass('RollingError', ROLLING_ERROR_CODES) {}
