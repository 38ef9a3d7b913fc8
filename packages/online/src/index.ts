/**
 * @packageDocumentation
 * `@rollq/online`.
 */

export type { OnlineErrorCode } from './errors.js';
export { OnlineError } from './errors.js';
export type { AtomicWriteOptions } from './fs/atomic-write.js';
export { createFileExclusive, isHiddenName, writeFileAtomic, writeJsonAtomic } from './fs/atomic-write.js';
export type { FileLockOptions } from './fs/file-lock.js';
export { withFileLock } from './fs/file-lock.js';
export type { ProcessIdentity } from './fs/process-alive.js';
export { currentProcess, isProcessAlive } from './fs/process-alive.js';
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
export { DirectoryRecorderStore } from './recorder/directory-store.js';
export type { PredictionFormat } from './recorder/prediction-table.js';
export { PREDICTION_EXTENSIONS } from './recorder/prediction-table.js';
export type { FilterValue, RecorderFilter } from './recorder/recorder-filter.js';
export { matchesFilter, newestFirst, valueAtPath } from './recorder/recorder-filter.js';
export { newRecorderId } from './recorder/recorder-id.js';
export type { AppendResult, EndRecorderOptions, RecorderStore, ReplaceResult } from './recorder/recorder-store.js';
export type { RecorderRun, RunInRecorderOptions } from './recorder/run-in-recorder.js';
export { runInRecorder } from './recorder/run-in-recorder.js';
export type { CreateRecorderInput, ExperimentInfo, RecorderInfo } from './recorder/schemas.js';
export {
  CreateRecorderOptions,
  ExperimentMeta,
  MetricPoint,
  MetricsDocument,
  ParamValue,
  RECORDER_SCHEMA_VERSION,
  RecorderMeta,
  RecorderStatus,
} from './recorder/schemas.js';
export type { CollectOptions } from './strategy/collect-predictions.js';
export { collectRollingPredictions } from './strategy/collect-predictions.js';
export { genFollowingTasks } from './strategy/gen-following-tasks.js';
export type { OnlineStrategy } from './strategy/online-strategy.js';
export type { RollingStrategyOptions } from './strategy/rolling-strategy.js';
export { RollingStrategy } from './strategy/rolling-strategy.js';
export type { DatasetProgress, TaskComponents, TaskDataset, TaskProgress } from './task/components.js';
export type { DefaultComponentsOptions } from './task/default-components.js';
export { defaultTaskComponents } from './task/default-components.js';
export { fillPlaceholders, getByDottedPath, isPlaceholder } from './task/fill-placeholder.js';
export { flattenTask } from './task/flatten-task.js';
export type { RecorderModel, TaskTrainOptions } from './task/task-train.js';
// workflow runner: task training (Qlib's task_train) and records (SignalRecord, SigAnaRecord, PortAnaRecord)
export { beginTaskTrain, endTaskTrain, loadRecorderModel, TASK_ARTIFACTS, TRAIN_STATUS_TAG, taskTrain } from './task/task-train.js';
export type { ModelTrainer, TrainerOptions, TrainProgress } from './trainer/trainer.js';
// online management: trainers, prediction updater, strategies, manager
export { DelayTrainer, TRAIN_STATUS, Trainer } from './trainer/trainer.js';
export { meanDailyIC, VALID_IC_METRIC, VALID_IC_RECORD, ValidICRecord } from './trainer/valid-ic-record.js';
export type { FeatureFrameCache, InferenceRange } from './updater/inference-dataset.js';
export { buildInferenceDataset, isSequenceSpec, stepLenOf } from './updater/inference-dataset.js';
export type { PredUpdateOptions, PredUpdateResult } from './updater/pred-updater.js';
export { lastCompleteDate, updatePredictions } from './updater/pred-updater.js';
export type { UpdateOnlineOptions, UpdateOnlineReport } from './updater/update-online.js';
export { updateOnlinePredictions } from './updater/update-online.js';
export { formatColumnFrame, formatTableHead, pprintDict } from './workflow/format.js';
export type { DatedValue, PortfolioRun, PortfolioSettings, RiskTable, SignalAnalysis } from './workflow/records/backtest-adapter.js';
export { analyseSignal, runPortfolioAnalysis } from './workflow/records/backtest-adapter.js';
export { PortAnaRecord, portAnaKwargsSchema } from './workflow/records/port-ana-record.js';
export type { RecordContext, WorkflowRecord } from './workflow/records/record.js';
export { RECORD_ARTIFACTS } from './workflow/records/record.js';
export type { RecordFactory, RecordRegistry, RunRecordsOptions } from './workflow/records/record-registry.js';
export { createRecords, defaultRecordRegistry, recordClassName, runRecords } from './workflow/records/record-registry.js';
export { SigAnaRecord, sigAnaKwargsSchema } from './workflow/records/sig-ana-record.js';
export { SignalRecord } from './workflow/records/signal-record.js';
export type { RollingProgress, RollingSettings, RollingWorkflowOptions, RollingWorkflowResult } from './workflow/rolling-workflow.js';
export { runRollingWorkflow, splitRecords } from './workflow/rolling-workflow.js';
export type { RunWorkflowOptions } from './workflow/run-workflow.js';
export { runWorkflow, validateTask, workflowExperiment } from './workflow/run-workflow.js';
