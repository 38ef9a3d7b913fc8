/**
 * @packageDocumentation
 * `@rollq/model`: the Model contract (fit / predict / save / load) and the model zoo — Qlib's LGBModel
 * through LightGBM's C library, GBDT / XGBModel through XGBoost's, closed-form linear, and TensorFlow.js
 * MLP / GRU / LSTM on the fastest backend that works.
 *
 * Test helpers (in-memory datasets, synthetic data, R²) live behind the `@rollq/model/testing` subpath.
 */

export type { EvalsResult, FitOptions, FitProgress, Model } from './core/model.js';
export type { ModelClassEntry, ModelConfig } from './core/registry.js';
export { createModel, defaultModelRegistry, loadModel, ModelConfigSchema, ModelRegistry, predictWithIndex } from './core/registry.js';
export type { SavedConfig } from './core/saved-config.js';
export { readSavedConfig, SAVED_CONFIG_FILE } from './core/saved-config.js';
export type { ModelErrorCode } from './errors.js';
export { MODEL_ERROR_CODES, ModelError } from './errors.js';
export { GBDTModel } from './gbdt/gbdt-model.js';
export type { GBDTKwargs, ResolvedGBDT } from './gbdt/gbdt-params.js';
export { GBDTKwargsSchema, resolveGBDT } from './gbdt/gbdt-params.js';
export { LGBModel } from './gbdt/lgb-model.js';
export type { BinPlan } from './gbdt/lightgbm-bins.js';
export { binPlan, releasePooledBins } from './gbdt/lightgbm-bins.js';
export type { LightGBMLocateOptions } from './gbdt/lightgbm-lib.js';
export { LIGHTGBM_LIB_ENV, LIGHTGBM_VERSION, lightgbmCachePath, loadLightGBM, setLightGBMLog } from './gbdt/lightgbm-lib.js';
export type { LGBKwargs, ResolvedLGB } from './gbdt/lightgbm-params.js';
export { LGBKwargsSchema, LIGHTGBM_PARAM_ALIASES, parseLGBKwargs, resolveLGB } from './gbdt/lightgbm-params.js';
export type { XGBoostLocateOptions } from './gbdt/xgboost-lib.js';
export { loadXGBoost, XGBOOST_LIB_ENV } from './gbdt/xgboost-lib.js';
export type { LinearKwargs } from './linear/linear-model.js';
export { LinearKwargsSchema, LinearModel } from './linear/linear-model.js';
export type { TfBackendName } from './tf/backend.js';
export {
  ensureTfBackend,
  installWasmMatMulFix,
  installWasmReduceFix,
  loadTfNative,
  setTfBackendLog,
  TF_BACKEND_ENV,
  TF_NATIVE_HINT,
} from './tf/backend.js';
export type { MLPKwargs } from './tf/mlp-model.js';
export { MLPKwargsSchema, MLPModel } from './tf/mlp-model.js';
export type { RNNKwargs } from './tf/rnn-model.js';
export { RNNKwargsSchema, RNNModel } from './tf/rnn-model.js';
