import { RollqError, type RollqErrorOptions } from '@rollq/data';

/**
 * Stable codes of the errors `@rollq/model` raises.
 *
 * - `CONFIG_INVALID`: a model config (`{class, kwargs}`) or a kwarg is wrong.
 * - `MODEL_UNKNOWN`: no registry entry for a model class name.
 * - `DATASET_UNSUPPORTED`: the dataset's kind or shape does not suit the model.
 * - `DATA_EMPTY`: nothing left to train on (every row had a NaN label / feature).
 * - `NOT_FITTED`: predict / save before fit or load.
 * - `XGBOOST_NOT_FOUND`: the XGBoost shared library could not be loaded.
 * - `XGBOOST_FAILED`: an XGBoost C API call returned an error.
 * - `BACKEND_FAILED`: no TensorFlow.js backend could be started.
 * - `MODEL_FILE_INVALID`: a saved model directory is missing files or has a bad config.
 * - `ABORTED`: training was cancelled through the `signal`.
 */
export type ModelErrorCode =
  | 'CONFIG_INVALID'
  | 'MODEL_UNKNOWN'
  | 'DATASET_UNSUPPORTED'
  | 'DATA_EMPTY'
  | 'NOT_FITTED'
  | 'XGBOOST_NOT_FOUND'
  | 'XGBOOST_FAILED'
  | 'BACKEND_FAILED'
  | 'MODEL_FILE_INVALID'
  | 'ABORTED';

/** Errors raised by `@rollq/model`; `code` is stable, `hint` says how to fix the problem. */
export class ModelError extends RollqError<ModelErrorCode> {
  constructor(code: ModelErrorCode, message: string, opts: RollqErrorOptions = {}) {
    super(code, message, opts);
    this.name = 'ModelError';
  }
}
