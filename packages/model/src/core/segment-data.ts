import type { ModelDataset, SequenceData, TabularData } from '@rollq/data';
import { ModelError } from '../errors.js';

/** Rows of a segment with a finite label, compacted: what a model trains on. */
export interface LabelledRows {
  nRows: number;
  /** Values per row (`nFeatures`, or `stepLen × nFeatures` for sequences). */
  width: number;
  x: Float32Array;
  y: Float32Array;
}

/** True when the dataset defines `segment` (so early stopping can use `valid`). */
export function hasSegment(dataset: ModelDataset, segment: string): boolean {
  return dataset.segmentNames().includes(segment);
}

/** Prepares a segment and insists on tabular data (GBDT, linear, MLP take `DatasetH`). */
export function prepareTabular(dataset: ModelDataset, segment: string, view: 'learn' | 'infer', className: string): TabularData {
  const d = dataset.prepare(segment, view);
  if (d.kind !== 'tabular') {
    throw new ModelError('DATASET_UNSUPPORTED', `${className} needs tabular data but segment "${segment}" is ${d.kind}`, {
      hint: `use a DatasetH (tabular) dataset for ${className}; TSDatasetH sequences are for GRU / LSTM`,
    });
  }
  return d;
}

/** Values per row of a prepared segment. */
export function rowWidth(d: TabularData | SequenceData): number {
  return d.kind === 'tabular' ? d.nFeatures : d.stepLen * d.nFeatures;
}

/**
 * Keeps the rows whose label is finite (Qlib's DropnaLabel, which `learn` views normally apply already;
 * done again because a NaN label would poison every engine's loss).
 */
export function labelledRows(d: TabularData | SequenceData): LabelledRows {
  const width = rowWidth(d);
  let keep = 0;
  for (let i = 0; i < d.nRows; i++) if (Number.isFinite(d.y[i])) keep++;
  if (keep === d.nRows) return { nRows: d.nRows, width, x: d.x, y: d.y };
  const x = new Float32Array(keep * width);
  const y = new Float32Array(keep);
  let k = 0;
  for (let i = 0; i < d.nRows; i++) {
    if (!Number.isFinite(d.y[i])) continue;
    x.set(d.x.subarray(i * width, (i + 1) * width), k * width);
    y[k++] = d.y[i];
  }
  return { nRows: keep, width, x, y };
}

/** Throws `DATA_EMPTY` when a training set has no rows. */
export function assertNotEmpty(rows: Pick<LabelledRows, 'nRows'>, className: string, segment: string): void {
  if (rows.nRows === 0) {
    throw new ModelError('DATA_EMPTY', `${className}: segment "${segment}" has no rows with a label`, {
      hint: 'check the segment dates and the label expression; every label in the range is NaN',
    });
  }
}

/** Throws `NOT_FITTED` from predict / save on an untrained model. */
export function assertFitted(fitted: boolean, className: string, what: string): void {
  if (!fitted) {
    throw new ModelError('NOT_FITTED', `${className}: cannot ${what} before fit() or load()`, {
      hint: 'train the model with fit(dataset) or load a saved one with loadModel(dir)',
    });
  }
}

/** Throws `DATASET_UNSUPPORTED` when predict data has a different width than training data. */
export function assertWidth(className: string, expected: number, got: number, segment: string): void {
  if (expected !== got) {
    throw new ModelError(
      'DATASET_UNSUPPORTED',
      `${className} was trained on ${expected} features per row but segment "${segment}" has ${got}`,
      {
        hint: 'predict with the same handler / feature columns the model was trained on',
      },
    );
  }
}

/** Throws `ABORTED` when the fit's signal fired. */
export function throwIfAborted(signal: AbortSignal | undefined, className: string): void {
  if (signal?.aborted) {
    throw new ModelError('ABORTED', `${className}: training was cancelled`, { hint: 'run fit() again to train', cause: signal.reason });
  }
}
