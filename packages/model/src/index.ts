/**
 * @packageDocumentation
 * `@rollq/model`: the Model contract (fit / predict / save / load) and the model zoo — GBDT through
 * XGBoost's C library (the default, Qlib's LGBModel / XGBModel), closed-form linear, and TensorFlow.js
 * MLP / GRU / LSTM on the fastest backend that works.
 */
export { ModelError } from './errors.js';
export type { ModelErrorCode } from './errors.js';
export type { Model, FitOptions, FitProgress, EvalsResult } from './core/model.js';
export { ModelRegistry, defaultModelRegistry, createModel, loadModel, predictWithIndex, ModelConfigSchema } from './core/registry.js';
export type { ModelClassEntry, ModelConfig } from './core/registry.js';
export { SAVED_CONFIG_FILE, readSavedConfig } from './core/saved-config.js';
export type { SavedConfig } from './core/saved-config.js';
export { GBDTModel } from './gbdt/gbdt-model.js';
export { GBDTKwargsSchema, resolveGBDT } from './gbdt/gbdt-params.js';
export type { GBDTKwargs, ResolvedGBDT } from './gbdt/gbdt-params.js';
export { loadXGBoost, XGBOOST_LIB_ENV } from './gbdt/xgboost-lib.js';
export type { XGBoostLocateOptions } from './gbdt/xgboost-lib.js';
export { LinearModel, LinearKwargsSchema } from './linear/linear-model.js';
export type { LinearKwargs } from './linear/linear-model.js';
export { MLPModel, MLPKwargsSchema } from './tf/mlp-model.js';
export type { MLPKwargs } from './tf/mlp-model.js';
export { RNNModel, RNNKwargsSchema } from './tf/rnn-model.js';
export type { RNNKwargs } from './tf/rnn-model.js';
export { ensureTfBackend, installWasmMatMulFix } from './tf/backend.js';
export type { TfBackendName } from './tf/backend.js';
export { InMemoryDataset, syntheticTabular, syntheticSequence, rSquared } from './testing.js';
export type { SyntheticOptions } from './testing.js';
