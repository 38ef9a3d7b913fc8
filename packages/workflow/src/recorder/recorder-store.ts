import type { ColumnTable } from 'arquero';
import type { PredictionFormat } from './prediction-table.js';
import type { RecorderFilter } from './recorder-filter.js';
import type { CreateRecorderInput, ExperimentInfo, MetricPoint, ParamValue, RecorderInfo, RecorderStatus } from './schemas.js';

/** Options of {@link RecorderStore.endRecorder}. */
export interface EndRecorderOptions {
  /** Why the run failed (kept in `error`); only for `FAILED`. */
  error?: string;
}

/** What {@link RecorderStore.appendPredictions} did. */
export interface AppendResult {
  /** Rows added (new `(datetime, instrument)` keys). */
  added: number;
  /** Rows stored after the append. */
  total: number;
}

/**
 * Where experiments, recorders, metrics and artifacts live (Qlib's mlruns / MLflow tracking store).
 * The contract is storage-neutral: names and ids in, plain JSON and bytes out, so a directory store and a
 * MongoDB/GridFS store are interchangeable. Recorder ids are unique across experiments; every
 * recorder method takes the id alone. Writes are atomic: a reader sees a document before or after a
 * write, never half of one.
 */
export interface RecorderStore {
  /** Returns the experiment, creating it when missing (Qlib's `get_exp(create=True)`). */
  createExperiment(name: string): Promise<ExperimentInfo>;
  /** Returns the experiment; throws `EXPERIMENT_NOT_FOUND` when missing. */
  getExperiment(name: string): Promise<ExperimentInfo>;
  /** All experiments, by name. */
  listExperiments(): Promise<ExperimentInfo[]>;

  /** Creates a `RUNNING` recorder owned by this process in `experiment` (created when missing). */
  createRecorder(experiment: string, opts?: CreateRecorderInput): Promise<RecorderInfo>;
  /** Returns a recorder by id; throws `RECORDER_NOT_FOUND`. A `RUNNING` one whose process died reads `FAILED`. */
  getRecorder(recorderId: string): Promise<RecorderInfo>;
  /** Recorders of an experiment matching `filter`, newest first; an experiment with none gives `[]`. */
  listRecorders(experiment: string, filter?: RecorderFilter): Promise<RecorderInfo[]>;
  /** Merges `tags` into the recorder's tags; returns the updated recorder. */
  setTags(recorderId: string, tags: Record<string, string>): Promise<RecorderInfo>;
  /** Merges `params` into the recorder's params; returns the updated recorder. */
  logParams(recorderId: string, params: Record<string, ParamValue>): Promise<RecorderInfo>;
  /** Marks the run `RUNNING` again, owned by this process (Qlib's `R.start(resume=True)`). */
  resumeRecorder(recorderId: string): Promise<RecorderInfo>;
  /** Ends the run `FINISHED` or `FAILED` (with `opts.error`), stamping `endTime`. */
  endRecorder(recorderId: string, status: Exclude<RecorderStatus, 'RUNNING'>, opts?: EndRecorderOptions): Promise<RecorderInfo>;

  /** Appends one point per metric; `step` defaults to the series' next integer. */
  logMetrics(recorderId: string, metrics: Record<string, number>, step?: number | string): Promise<void>;
  /** Appends many points to one metric series in one write (IC by day). */
  logMetricSeries(recorderId: string, name: string, points: readonly MetricPoint[]): Promise<void>;
  /** Every metric series of the recorder (empty when none was logged). */
  getMetrics(recorderId: string): Promise<Record<string, MetricPoint[]>>;

  /** Stores bytes under `name` (segments joined by `/`), replacing any previous artifact of that name. */
  saveArtifact(recorderId: string, name: string, data: Uint8Array): Promise<void>;
  /** Loads an artifact's bytes; throws `ARTIFACT_NOT_FOUND`. */
  loadArtifact(recorderId: string, name: string): Promise<Uint8Array>;
  /** Stores a JSON document under `name`. */
  saveJson(recorderId: string, name: string, value: unknown): Promise<void>;
  /** Loads a JSON document; throws `ARTIFACT_NOT_FOUND`, or `ARTIFACT_INVALID` when it is not JSON. */
  loadJson(recorderId: string, name: string): Promise<unknown>;
  /** Names of all artifacts of the recorder, sorted. */
  listArtifacts(recorderId: string): Promise<string[]>;

  /**
   * Stores a prediction table (`datetime`, `instrument`, then numeric columns such as `score`) under
   * `name`, sorted by `(datetime, instrument)`; Arrow IPC unless `format` says `csv`.
   */
  savePredictions(recorderId: string, name: string, table: ColumnTable, format?: PredictionFormat): Promise<void>;
  /** Loads a prediction table saved as Arrow or CSV; throws `ARTIFACT_NOT_FOUND`. */
  loadPredictions(recorderId: string, name: string): Promise<ColumnTable>;
  /**
   * Adds the rows of `table` whose `(datetime, instrument)` is not stored yet, atomically; stored rows are
   * never changed. Saves `table` when nothing is stored under `name`.
   */
  appendPredictions(recorderId: string, name: string, table: ColumnTable): Promise<AppendResult>;
  /**
   * Qlib's `_replace_range`, atomically: drops every stored row whose datetime lies within the first..last
   * date of `table` (all instruments), then adds `table`'s rows; rows outside that range are unchanged.
   * Saves `table` when nothing is stored under `name`.
   */
  replacePredictionRange(recorderId: string, name: string, table: ColumnTable): Promise<ReplaceResult>;
}

/** What {@link RecorderStore.replacePredictionRange} did. */
export interface ReplaceResult {
  /** Stored rows dropped because their date was inside the new table's date range. */
  replaced: number;
  /** Rows written from the new table. */
  written: number;
  /** Rows stored afterwards. */
  total: number;
}
