/**
 * @packageDocumentation
 * `@rollq/online`: Qlib's `qlib/workflow/online` half, on top of `@rollq/workflow`'s recorder store and
 * task training.
 */
export type { OnlineErrorCode } from './errors.js';
export { ONLINE_ERROR_CODES, OnlineError } from './errors.js';
export { blendStrategies } from './manager/blend.js';
export type { CanaryOutcome } from './manager/canary.js';
export { applyCanary, goOnline, validIC } from './manager/canary.js';
export type { ManagerStatus, StrategyStatus } from './manager/history.js';
export { lastOnline, managerStatus, repairOnlineTags, rollbackTarget } from './manager/history.js';
export { storeLocation as stateStoreLocation } from './manager/manager-parts.js';
export type { InitOptions, OnlineManagerOptions } from './manager/online-manager.js';
export { OnlineManager, RECORDERS_DIR } from './manager/online-manager.js';
export type { RoutineLogEntry } from './manager/routine-log.js';
export { appendRoutineLog, ROUTINE_LOG_FILE, readRoutineLog } from './manager/routine-log.js';
export { mergeSignals } from './manager/signal-file.js';
export { readState, STATE_FILE, writeState } from './manager/state-file.js';
export {
  BlendConfig,
  CanaryConfig,
  CanaryDecision,
  HistoryEntry,
  MANAGER_STATE_VERSION,
  ManagerState,
} from './manager/state-schema.js';
export type { DirectoryStateStoreOptions, ManagerStateStore } from './manager/state-store.js';
export { DirectoryStateStore, STATE_LOCK_FILE } from './manager/state-store.js';
export { TradingClock } from './manager/trading-clock.js';
export type { OnlineToolInput, RecorderLike } from './online-tool/online-tool.js';
export { getOnlineTag, ONLINE_KEY, OnlineTag, OnlineTool, OnlineToolOptions } from './online-tool/online-tool.js';
// the task pool: document types and driver-free helpers here; TaskPool, runWorker and the pool trainers in `@rollq/online/mongo`
export type { FetchableStatus, PoolMeta, TaskDocument, TaskResult, TaskStatus } from './pool/task-document.js';
export { escapeKey, escapeKeys, TASK_STATUS, taskHash, unescapeKey, validatePoolName } from './pool/task-document.js';
export type { CollectOptions } from './strategy/collect-predictions.js';
export { collectRollingPredictions } from './strategy/collect-predictions.js';
export { genFollowingTasks } from './strategy/gen-following-tasks.js';
export type { OnlineStrategy } from './strategy/online-strategy.js';
export type { RollingStrategyOptions } from './strategy/rolling-strategy.js';
export { RollingStrategy } from './strategy/rolling-strategy.js';
export type { StrategyConfigInput } from './strategy/strategy-config.js';
export { StrategyConfig } from './strategy/strategy-config.js';
export type { StrategyContext, StrategyFactory } from './strategy/strategy-factory.js';
export { rollingStrategyFactory } from './strategy/strategy-factory.js';
export type { StrategyFromWorkflowOptions, WorkflowStrategy } from './strategy/strategy-from-workflow.js';
export { strategyFromWorkflow } from './strategy/strategy-from-workflow.js';
export { trainOrReuse } from './trainer/train-or-reuse.js';
export type { ModelTrainer, TrainerOptions, TrainProgress } from './trainer/trainer.js';
export { DelayTrainer, TRAIN_STATUS, Trainer } from './trainer/trainer.js';
export type { TrainerFactory } from './trainer/trainer-factory.js';
export { localTrainers } from './trainer/trainer-factory.js';
export { meanDailyIC, VALID_IC_METRIC, VALID_IC_RECORD, ValidICRecord } from './trainer/valid-ic-record.js';
export type { FeatureFrameCache, InferenceRange } from './updater/inference-dataset.js';
export { buildInferenceDataset, isSequenceSpec, stepLenOf } from './updater/inference-dataset.js';
export type { PredUpdateOptions, PredUpdateResult } from './updater/pred-updater.js';
export { lastCompleteDate, updatePredictions } from './updater/pred-updater.js';
export type { UpdateOnlineOptions, UpdateOnlineReport } from './updater/update-online.js';
export { updateOnlinePredictions } from './updater/update-online.js';
export { readUserConfig, resolveUserConfig, UserConfigFile, UserSettings, UserStrategyConfig } from './users/user-config.js';
export type {
  AddUserOptions,
  SignalLoader,
  SignalName,
  UserManagerOptions,
  UserRoutineProgress,
  UserRoutineResult,
} from './users/user-manager.js';
export { UserManager } from './users/user-manager.js';
export type { UserMetrics, UserSummary } from './users/user-report.js';
export { userMetrics, userResult, userSummary, writeUserReport } from './users/user-report.js';
export type { UserDayDone } from './users/user-routine.js';
export { advanceUser, newAccount, userStrategy } from './users/user-routine.js';
export type { UserState } from './users/user-state.js';
export { USER_STATE_VERSION, UserAccount, UserDay, UserHolding, UserRecord } from './users/user-state.js';
export { USER_DAYS_DIR, USER_FILE, USERS_ARCHIVE_DIR, USERS_DIR, USERS_LOCK_FILE, UserStore, validateUserId } from './users/user-store.js';
