import { COMMON_ERROR_CODES, defineErrorClass } from '@rollq/data';

/** Stable codes of the errors `@rollq/model` raises, and their exit class (usage: exit 2, runtime: exit 1). */
export const MODEL_ERROR_CODES = {
  /** CONFIG_INVALID: a model config (`{class, kwargs}`) or a kwarg is wrong. */
  ...COMMON_ERROR_CODES,
  /** No registry entry for a model class name. */
  MODEL_UNKNOWN: 'usage',
  /** The dataset's kind or shape does not suit the model. */
  DATASET_UNSUPPORTED: 'usage',
  /** Nothing left to train on (every row had a NaN label / feature). */
  DATA_EMPTY: 'runtime',
  /** predict / save before fit or load. */
  NOT_FITTED: 'runtime',
  /** The XGBoost shared library could not be loaded (an environment problem, not the config). */
  XGBOOST_NOT_FOUND: 'runtime',
  /** An XGBoost C API call returned an error. */
  XGBOOST_FAILED: 'runtime',
  /** The LightGBM shared library (`LGBModel`) could not be loaded: run tools/setup.sh or set ROLLQ_LIGHTGBM_LIB. */
  LIGHTGBM_NOT_FOUND: 'runtime',
  /** A LightGBM C API call returned an error. */
  LIGHTGBM_FAILED: 'runtime',
  /** No TensorFlow.js backend could be started. */
  BACKEND_FAILED: 'runtime',
  /** A saved model directory is missing files or has a bad config. */
  MODEL_FILE_INVALID: 'usage',
  /** Training was cancelled through the `signal`. */
  ABORTED: 'runtime',
} as const;

/** Stable codes of the errors `@rollq/model` raises. */
export type ModelErrorCode = keyof typeof MODEL_ERROR_CODES;

/** Errors raised by `@rollq/model`; `code` is stable, `hint` says how to fix the problem. */
export class ModelError extends defineErrorClass('ModelError', MODEL_ERROR_CODES) {}
