/**
 * What a dataset hands a model (the contract between `@rollq/data` and `@rollq/model`). Matrices are
 * `Float32Array` (model inputs), rows in the dataset's `(datetime, instrument)` order, so predictions can
 * be aligned back to `index`.
 */
export interface RowIndex {
  /** Calendar position of each row. */
  rowDate: Int32Array;
  /** Index into `instruments` of each row. */
  rowInstrument: Int32Array;
  instruments: string[];
  /** Calendar (ISO dates) the positions refer to. */
  calendar: readonly string[];
}

/** A tabular segment: `x` is row-major `nRows × nFeatures`. `y` holds the label (NaN where unknown). */
export interface TabularData {
  kind: 'tabular';
  nRows: number;
  nFeatures: number;
  featureNames: string[];
  x: Float32Array;
  y: Float32Array;
  index: RowIndex;
}

/**
 * A sequence segment for recurrent models (Qlib's TSDatasetH): sample i is the `stepLen` days ending at its
 * row's date, for the same instrument, `x` laid out `nSamples × stepLen × nFeatures` (earliest step first).
 * Days before the instrument's first row are filled as Qlib's TSDataSampler does (NaN, then the
 * processors' fill).
 */
export interface SequenceData {
  kind: 'sequence';
  nRows: number;
  stepLen: number;
  nFeatures: number;
  featureNames: string[];
  x: Float32Array;
  y: Float32Array;
  index: RowIndex;
}

/** `learn` applies learn processors (drops NaN labels for training); `infer` keeps every row. */
export type DataView = 'learn' | 'infer';

/**
 * Every learn row of one handler in one matrix, and where a dataset's segments and the handler's fit window
 * lie in it: lets a model bin or index the rows once for all the datasets over that handler (the tasks of a
 * rolling run share one handler) instead of once per dataset. Rows are date-sorted, so each range is a run
 * of consecutive rows.
 */
export interface LearnRowPool {
  /** The same object for every dataset over the same handler: the key a model caches its per-pool work under. */
  readonly id: object;
  /** True when several datasets are known to read this pool (a rolling run's shared handler). */
  readonly shared: boolean;
  /** Number of rows in {@link rows}. */
  readonly nRows: number;
  /** The learn rows of the handler's fit window as `[lo, hi)` in {@link rows}, or null when it has none. */
  readonly fitWindow: readonly [number, number] | null;
  /** The learn rows of one of this dataset's segments as `[lo, hi)` in {@link rows}. */
  segmentRows(segment: string): [number, number];
  /** Every learn row (row-major, labels in `y`); built on each call, so a caller keeps what it needs. */
  rows(): TabularData;
}

/** The dataset interface models train and predict on (DatasetH / TSDatasetH). */
export interface ModelDataset {
  readonly kind: 'tabular' | 'sequence';
  /** Segment names defined by the dataset (`train`, `valid`, `test`, …). */
  segmentNames(): string[];
  /** Matrices for one segment. Throws SEGMENT_INVALID naming the known segments for an unknown one. */
  prepare(segment: string, view?: DataView): TabularData | SequenceData;
  /** The learn rows behind this dataset's segments (see {@link LearnRowPool}); absent or null: none to share. */
  learnRowPool?(): LearnRowPool | null;
}
