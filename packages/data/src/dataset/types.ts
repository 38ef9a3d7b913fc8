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

/** The dataset interface models train and predict on (DatasetH / TSDatasetH). */
export interface ModelDataset {
  readonly kind: 'tabular' | 'sequence';
  /** Segment names defined by the dataset (`train`, `valid`, `test`, …). */
  segmentNames(): string[];
  /** Matrices for one segment. Throws SEGMENT_INVALID naming the known segments for an unknown one. */
  prepare(segment: string, view?: DataView): TabularData | SequenceData;
}
