/**
 * @packageDocumentation
 * `@rollq/online`: Qlib's `qlib/workflow/online` half, on top of `@rollq/workflow`'s recorder store and
 * task training.
 */
export type { OnlineErrorCode } from './errors.js';
export { OnlineError } from './errors.js';
export type { CanaryOutcome } from './manager/canary.js';
export { applyCanary, validIC } from './manager/canary.js';
export type { InitOptions, OnlineManagerOptions, StrategyStatus } from './manager/online-manager.js';
export { OnlineManager, RECORDERS_DIR } from './manager/online-manager.js';
export { mergeSignals } from './manager/signal-file.js';
export { readState, STATE_FILE, writeState } from './manager/state-file.js';
export type { StrategyConfigInput } from './manager/state-schema.js';
export {
  BlendConfig,
  CanaryConfig,
  CanaryDecision,
  HistoryEntry,
  MANAGER_STATE_VERSION,
  ManagerState,
  StrategyConfig,
} from './manager/state-schema.js';
export type { OnlineToolInput, RecorderLike } from './online-tool/online-tool.js';
export { getOnlineTag, ONLINE_KEY, OnlineTag, OnlineTool, OnlineToolOptions } from './online-tool/online-tool.js';
export type { CollectOptions } from './strategy/collect-predictions.js';
export { collectRollingPredictions } from './strategy/collect-predictions.js';
export { genFollowingTasks } from './strategy/gen-following-tasks.js';
export type { OnlineStrategy } from './strategy/online-strategy.js';
export type { RollingStrategyOptions } from './strategy/rolling-strategy.js';
export { RollingStrategy } from './strategy/rolling-strategy.js';
export type { StrategyFromWorkflowOptions, WorkflowStrategy } from './strategy/strategy-from-workflow.js';
export { strategyFromWorkflow } from './strategy/strategy-from-workflow.js';
export type { ModelTrainer, TrainerOptions, TrainProgress } from './trainer/trainer.js';
export { DelayTrainer, TRAIN_STATUS, Trainer } from './trainer/trainer.js';
export { meanDailyIC, VALID_IC_METRIC, VALID_IC_RECORD, ValidICRecord } from './trainer/valid-ic-record.js';
export type { FeatureFrameCache, InferenceRange } from './updater/inference-dataset.js';
export { buildInferenceDataset, isSequenceSpec, stepLenOf } from './updater/inference-dataset.js';
export type { PredUpdateOptions, PredUpdateResult } from './updater/pred-updater.js';
export { lastCompleteDate, updatePredictions } from './updater/pred-updater.js';
export type { UpdateOnlineOptions, UpdateOnlineReport } from './updater/update-online.js';
export { updateOnlinePredictions } from './updater/update-online.js';
