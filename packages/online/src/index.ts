/**
 * @packageDocumentation
 * `@rollq/online`.
 */
export { OnlineError } from './errors.js';
export type { OnlineErrorCode } from './errors.js';
export { DirectoryRecorderStore } from './recorder/directory-store.js';
export type { RecorderStore, AppendResult, EndRecorderOptions } from './recorder/recorder-store.js';
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
