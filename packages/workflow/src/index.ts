/**
 * @packageDocumentation
 * `@rollq/workflow`: Qlib's `qlib/workflow` half. The recorder store (experiments, recorders, metrics,
 * artifacts, prediction tables) behind the storage-neutral {@link RecorderStore} contract, task training
 * (`task_train`), the records (`SignalRecord`, `SigAnaRecord`, `PortAnaRecord`) and the `qrun`-style runner
 * of one workflow or a rolling series. `@rollq/online` builds the online loop on top of it.
 */

export type { WorkflowErrorCode } from './errors.js';
export { WORKFLOW_ERROR_CODES, WorkflowError } from './errors.js';
export { formatColumnFrame, formatTableHead, pprintDict } from './format.js';
export { DirectoryRecorderStore } from './recorder/directory-store.js';
export { parseInput } from './recorder/parse-input.js';
export type { PredictionFormat } from './recorder/prediction-table.js';
export { decodePredictions, encodePredictions, PREDICTION_EXTENSIONS } from './recorder/prediction-table.js';
export type { FilterValue, RecorderFilter } from './recorder/recorder-filter.js';
export { matchesFilter, newestFirst } from './recorder/recorder-filter.js';
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
export type { RecorderStoreOpener } from './recorder/store-router.js';
export { closeRecorderStore, locationScheme, openRecorderStore, RecorderStoreRouter } from './recorder/store-router.js';
export type { DatedValue, PortfolioRun, PortfolioSettings, RiskTable, SignalAnalysis } from './records/backtest-adapter.js';
export { analyseSignal, runPortfolioAnalysis } from './records/backtest-adapter.js';
export type { PortAnalysisSettings } from './records/port-ana-record.js';
export { PortAnaRecord, parsePortAnalysisConfig, portAnaKwargsSchema, portAnalysisConfigSchema } from './records/port-ana-record.js';
export type { QlibKwargsResult } from './records/qlib-kwargs.js';
export { camelCaseKeys, checkQlibKwargs, qlibIssuePath } from './records/qlib-kwargs.js';
export type { RecordContext, WorkflowRecord } from './records/record.js';
export { RECORD_ARTIFACTS } from './records/record.js';
export type { RecordFactory, RecordRegistry, RunRecordsOptions } from './records/record-registry.js';
export { createRecords, defaultRecordRegistry, recordClassName, runRecords } from './records/record-registry.js';
export { SigAnaRecord, sigAnaKwargsSchema } from './records/sig-ana-record.js';
export { indexedTable, SignalRecord } from './records/signal-record.js';
export type {
  RollingProgress,
  RollingSettings,
  RollingTaskTrainer,
  RollingWorkflowOptions,
  RollingWorkflowResult,
} from './rolling-workflow.js';
export { runRollingWorkflow, splitRecords } from './rolling-workflow.js';
export type { RunWorkflowOptions } from './run-workflow.js';
export { runWorkflow, validateTask, validateWorkflow, workflowExperiment } from './run-workflow.js';
export { canonicalJson } from './task/canonical-json.js';
export type { DatasetProgress, TaskComponents, TaskDataset, TaskProgress } from './task/components.js';
export type { DefaultComponentsOptions } from './task/default-components.js';
export { defaultTaskComponents } from './task/default-components.js';
export { flattenTask } from './task/flatten-task.js';
export type { ShareableHandler } from './task/shared-handler.js';
export { SharedHandlerSlot, sharedHandlerKey } from './task/shared-handler.js';
export type { RecorderModel, TaskTrainOptions } from './task/task-train.js';
export { beginTaskTrain, endTaskTrain, loadRecorderModel, TASK_ARTIFACTS, TRAIN_STATUS_TAG, taskTrain } from './task/task-train.js';
