import { COMMON_ERROR_CODES, defineErrorClass } from '@rollq/data';

/**
 * Stable codes of the errors `@rollq/online` raises, and their exit class (usage: exit 2, runtime: exit 1). A task
 * pool's connection fails with the workflow's `MONGO_URL_INVALID` / `MONGO_UNREACHABLE` (one MongoDB connection rule).
 */
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
  /** A task pool name that cannot be a collection name (see `validatePoolName`). */
  POOL_NAME_INVALID: 'usage',
  /** The pool knows no data folder for its tasks and none was given (`rollq worker --data`). */
  POOL_DATA_UNKNOWN: 'usage',
  /** A task document of the pool is not what rollq wrote (edited by hand, another program). */
  POOL_TASK_INVALID: 'runtime',
  /** Tasks a trainer waited for ended `failed` (after their attempts) or without a result. */
  POOL_TASKS_FAILED: 'runtime',
  /** `rollq user add` with the id of a user that exists. */
  USER_EXISTS: 'usage',
  /** No user of that id in the state's `users/` folder. */
  USER_NOT_FOUND: 'usage',
  /** A user id that cannot be a folder name. */
  USER_ID_INVALID: 'usage',
  /** A user config file that is not valid YAML or does not match the user config schema. */
  USER_CONFIG_INVALID: 'usage',
  /** A user date (add date, routine date) that is not a trading day the user can take. */
  USER_DATE_INVALID: 'usage',
  /** A `user.json` that is not what rollq wrote (edited by hand, another version). */
  USER_INVALID: 'usage',
  /** Another process holds the users lock (a routine, add or remove). */
  USERS_LOCKED: 'runtime',
} as const;

/** Stable codes of the errors `@rollq/online` raises. */
export type OnlineErrorCode = keyof typeof ONLINE_ERROR_CODES;

/** Errors raised by `@rollq/online`; `code` is stable, `hint` says how to fix the problem. */
export class OnlineError extends defineErrorClass('OnlineError', ONLINE_ERROR_CODES) {}
