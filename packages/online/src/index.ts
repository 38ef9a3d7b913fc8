/**
 * @packageDocumentation
 * `@rollq/online`.
 */
export { OnlineError } from './errors.js';
export type { OnlineErrorCode } from './errors.js';
export { DirectoryRecorderStore } from './recorder/directory-store.js';
export type { RecorderStore, AppendResult, ReplaceResult, EndRecorderOptions } from './recorder/recorder-store.js';
export { runInRecorder } from './recorder/run-in-recorder.js';
export type { RunInRecorderOptions, RecorderRun } from './recorder/run-in-recorder.js';
export { matchesFilter, valueAtPath, newestFirst } from './recorder/recorder-filter.js';
export type { RecorderFilter, FilterValue } from './recorder/recorder-filter.js';
export {
  RecorderStatus,
  RecorderMeta,
  ExperimentMeta,
  MetricsDocument,
  MetricPoint,
  CreateRecorderOptions,
  ParamValue,
  RECORDER_SCHEMA_VERSION,
} from './recorder/schemas.js';
export type { RecorderInfo, ExperimentInfo, CreateRecorderInput } from './recorder/schemas.js';
export { PREDICTION_EXTENSIONS } from './recorder/prediction-table.js';
export type { PredictionFormat } from './recorder/prediction-table.js';
export { newRecorderId } from './recorder/recorder-id.js';
export { OnlineTool, OnlineTag, OnlineToolOptions, ONLINE_KEY, getOnlineTag } from './online-tool/online-tool.js';
export type { OnlineToolInput, RecorderLike } from './online-tool/online-tool.js';
export { writeFileAtomic, writeJsonAtomic, createFileExclusive, isHiddenName } from './fs/atomic-write.js';
export type { AtomicWriteOptions } from './fs/atomic-write.js';
export { withFileLock } from './fs/file-lock.js';
export type { FileLockOptions } from './fs/file-lock.js';
export { isProcessAlive, currentProcess } from './fs/process-alive.js';
export type { ProcessIdentity } from './fs/process-alive.js';
// workflow runner: task training (Qlib's task_train) and records (SignalRecord, SigAnaRecord, PortAnaRecord)
export { taskTrain, beginTaskTrain, endTaskTrain, loadRecorderModel, TASK_ARTIFACTS, TRAIN_STATUS_TAG } from './task/task-train.js';
export type { TaskTrainOptions, RecorderModel } from './task/task-train.js';
export type { TaskComponents, TaskDataset, TaskProgress, DatasetProgress } from './task/components.js';
export { defaultTaskComponents } from './task/default-components.js';
export type { DefaultComponentsOptions } from './task/default-components.js';
export { fillPlaceholders, getByDottedPath, isPlaceholder } from './task/fill-placeholder.js';
export { flattenTask } from './task/flatten-task.js';
export { runWorkflow, validateTask, workflowExperiment } from './workflow/run-workflow.js';
export type { RunWorkflowOptions } from './workflow/run-workflow.js';
export { runRollingWorkflow, splitRecords } from './workflow/rolling-workflow.js';
export type { RollingSettings, RollingProgress, RollingWorkflowOptions, RollingWorkflowResult } from './workflow/rolling-workflow.js';
export { RECORD_ARTIFACTS } from './workflow/records/record.js';
export type { RecordContext, WorkflowRecord } from './workflow/records/record.js';
export { defaultRecordRegistry, createRecords, runRecords, recordClassName } from './workflow/records/record-registry.js';
export type { RecordFactory, RecordRegistry, RunRecordsOptions } from './workflow/records/record-registry.js';
export { SignalRecord } from './workflow/records/signal-record.js';
export { SigAnaRecord, sigAnaKwargsSchema } from './workflow/records/sig-ana-record.js';
export { PortAnaRecord, portAnaKwargsSchema } from './workflow/records/port-ana-record.js';
export { pprintDict, formatColumnFrame, formatTableHead } from './workflow/format.js';
export { analyseSignal, runPortfolioAnalysis } from './workflow/records/backtest-adapter.js';
export type { SignalAnalysis, PortfolioSettings, PortfolioRun, RiskTable, DatedValue } from './workflow/records/backtest-adapter.js';
// online management: trainers, prediction updater, strategies, manager
export { Trainer, DelayTrainer, TRAIN_STATUS } from './trainer/trainer.js';
export type { ModelTrainer, TrainerOptions, TrainProgress } from './trainer/trainer.js';
export { ValidICRecord, VALID_IC_RECORD, VALID_IC_METRIC, meanDailyIC } from './trainer/valid-ic-record.js';
export { updatePredictions, lastCompleteDate } from './updater/pred-updater.js';
export type { PredUpdateOptions, PredUpdateResult } from './updater/pred-updater.js';
export { updateOnlinePredictions } from './updater/update-online.js';
export type { UpdateOnlineOptions, UpdateOnlineReport } from './updater/update-online.js';
export { buildInferenceDataset, stepLenOf, isSequenceSpec } from './updater/inference-dataset.js';
export type { FeatureFrameCache, InferenceRange } from './updater/inference-dataset.js';
export type { OnlineStrategy } from './strategy/online-strategy.js';
export { RollingStrategy } from './strategy/rolling-strategy.js';
export type { RollingStrategyOptions } from './strategy/rolling-strategy.js';
export { genFollowingTasks } from './strategy/gen-following-tasks.js';
export { collectRollingPredictions } from './strategy/collect-predictions.js';
export type { CollectOptions } from './strategy/collect-predictions.js';
export { OnlineManager, RECORDERS_DIR } from './manager/online-manager.js';
export type { OnlineManagerOptions, InitOptions, StrategyStatus } from './manager/online-manager.js';
export {
  ManagerState,
  StrategyConfig,
  CanaryConfig,
  CanaryDecision,
  HistoryEntry,
  BlendConfig,
  MANAGER_STATE_VERSION,
} from './manager/state-schema.js';
export type { StrategyConfigInput } from './manager/state-schema.js';
export { readState, writeState, STATE_FILE } from './manager/state-file.js';
export { applyCanary, validIC } from './manager/canary.js';
export type { CanaryOutcome } from './manager/canary.js';
export { mergeSignals } from './manager/signal-file.js';
