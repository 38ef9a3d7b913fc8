import { RollqError, type RollqErrorOptions } from '@rollq/data';

/** Stable codes of the errors `@rollq/workflow` raises (recorder store, task training, records). */
export type WorkflowErrorCode =
  | 'CONFIG_INVALID'
  | 'EXPERIMENT_NOT_FOUND'
  | 'EXPERIMENT_NAME_INVALID'
  | 'RECORDER_NOT_FOUND'
  | 'RECORDER_META_INVALID'
  | 'ARTIFACT_NOT_FOUND'
  | 'ARTIFACT_NAME_INVALID'
  | 'ARTIFACT_INVALID'
  | 'PREDICTIONS_INVALID'
  | 'STORE_LOCK_TIMEOUT'
  | 'RECORD_INVALID'
  | 'MODEL_NOT_TRAINED';

/** Errors raised by `@rollq/workflow`; `code` is stable, `hint` says how to fix the problem. */
export class WorkflowError extends RollqError<WorkflowErrorCode> {
  constructor(code: WorkflowErrorCode, message: string, opts: RollqErrorOptions = {}) {
    super(code, message, opts);
    this.name = 'WorkflowError';
  }
}
