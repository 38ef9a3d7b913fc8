import { COMMON_ERROR_CODES, defineErrorClass } from '@rollq/data';

/** Stable codes of the errors `@rollq/online` raises, and their exit class (usage: exit 2, runtime: exit 1). */
export const ONLINE_ERROR_CODES = {
  ...COMMON_ERROR_CODES,
  /** No experiment was given and the tool has no default one. */
  EXPERIMENT_REQUIRED: 'usage',
  /** An artifact a recorder should hold is missing from the store (the store, not the user's input). */
  ARTIFACT_NOT_FOUND: 'runtime',
  PREDICTIONS_INVALID: 'usage',
  RECORD_INVALID: 'usage',
  /** The state folder the user named holds no state. */
  STATE_NOT_FOUND: 'usage',
  STATE_INVALID: 'usage',
  /** `init` on a folder that already holds a state. */
  STATE_EXISTS: 'usage',
  /** A strategy of that name is already managed. */
  STRATEGY_EXISTS: 'usage',
  HISTORY_NOT_FOUND: 'usage',
  SIGNALS_NOT_FOUND: 'usage',
  /** Another process is writing the state. */
  STATE_LOCKED: 'runtime',
} as const;

/** Stable codes of the errors `@rollq/online` raises. */
export type OnlineErrorCode = keyof typeof ONLINE_ERROR_CODES;

/** Errors raised by `@rollq/online`; `code` is stable, `hint` says how to fix the problem. */
export class OnlineError extends defineErrorClass('OnlineError', ONLINE_ERROR_CODES) {}
