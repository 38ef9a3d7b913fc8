import { COMMON_ERROR_CODES, defineErrorClass } from '@rollq/data';

/**
 * Stable codes of the errors `@rollq/workflow` raises (recorder store, MongoDB connections, task training, records), and their
 * exit class (usage: exit 2, runtime: exit 1).
 */
export const WORKFLOW_ERROR_CODES = {
  ...COMMON_ERROR_CODES,
  EXPERIMENT_NOT_FOUND: 'usage',
  EXPERIMENT_NAME_INVALID: 'usage',
  RECORDER_NOT_FOUND: 'usage',
  RECORDER_META_INVALID: 'usage',
  /** An artifact a recorder should hold is missing from the store (the store, not the user's input). */
  ARTIFACT_NOT_FOUND: 'runtime',
  ARTIFACT_NAME_INVALID: 'usage',
  ARTIFACT_INVALID: 'usage',
  PREDICTIONS_INVALID: 'usage',
  /** No recorder store handles the location's scheme. */
  STORE_UNSUPPORTED: 'usage',
  /** A MongoDB URL (store location, task pool `--mongo`) that is not one or that the driver cannot parse (the user's input). */
  MONGO_URL_INVALID: 'usage',
  /** The MongoDB server of a URL (store, task pool) cannot be reached (down, wrong host or port, network gone past the retries). */
  MONGO_UNREACHABLE: 'runtime',
  RECORD_INVALID: 'usage',
  /** A record needs the model of a task that has not been trained. */
  MODEL_NOT_TRAINED: 'runtime',
} as const;

/** Stable codes of the errors `@rollq/workflow` raises. */
export type WorkflowErrorCode = keyof typeof WORKFLOW_ERROR_CODES;

/** Errors raised by `@rollq/workflow`; `code` is stable, `hint` says how to fix the problem. */
export class WorkflowError extends defineErrorClass('WorkflowError', WORKFLOW_ERROR_CODES) {}
