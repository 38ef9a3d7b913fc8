import { DataError, type DataView, type ModelDataset, type RowIndex, type SequenceData, type TabularData } from '@rollq/data';
import { mulberry32 } from '../core/rng.js';

/**
 * @packageDocumentation
 * `@rollq/model/testing`: helpers for tests and benches — an in-memory `ModelDataset`, synthetic
 * tabular / sequence data with a known signal, and R². Not part of the main `@rollq/model` barrel.
 *
 * @example
 * ```ts
 * import { LinearModel } from '@rollq/model';
 * import { InMemoryDataset, rSquared, syntheticTabular } from '@rollq/model/testing';
 *
 * const ds = new InMemoryDataset({
 *   train: syntheticTabular({ nRows: 2000, nFeatures: 8, seed: 1 }),
 *   test: syntheticTabular({ nRows: 500, nFeatures: 8, seed: 2 }),
 * });
 * const model = new LinearModel();
 * await model.fit(ds);
 * console.log(rSquared(ds.prepare('test').y, model.predict(ds)));
 * ```
 */

/**
 * A `ModelDataset` over matrices already in memory: for tests, benches and callers that build features
 * themselves. The `learn` view drops rows with a NaN label (Qlib's DropnaLabel); `infer` keeps all rows.
 */
export class InMemoryDataset implements ModelDataset {
  readonly kind: 'tabular' | 'sequence';
  readonly #segments: Map<string, TabularData | SequenceData>;

  constructor(segments: Record<string, TabularData | SequenceData>) {
    const entries = Object.entries(segments);
    if (entries.length === 0) {
      throw new DataError('DATASET_INVALID', 'InMemoryDataset needs at least one segment', {
        hint: 'pass e.g. { train, valid, test } matrices',
      });
    }
    this.kind = entries[0][1].kind;
    for (const [name, d] of entries) {
      if (d.kind !== this.kind) {
        throw new DataError('DATASET_INVALID', `segment "${name}" is ${d.kind} but "${entries[0][0]}" is ${this.kind}`, {
          hint: 'all segments of one dataset must be the same kind',
        });
      }
    }
    this.#segments = new Map(entries);
  }

  segmentNames(): string[] {
    return [...this.#segments.keys()];
  }

  prepare(segment: string, view: DataView = 'infer'): TabularData | SequenceData {
    const d = this.#segments.get(segment);
    if (!d) {
      throw new DataError('SEGMENT_INVALID', `unknown segment "${segment}"`, {
        hint: `known segments: ${this.segmentNames().join(', ')}`,
      });
    }
    return view === 'learn' ? dropNanLabels(d) : d;
  }
}

function dropNanLabels<T extends TabularData | SequenceData>(d: T): T {
  const width = d.kind === 'tabular' ? d.nFeatures : d.stepLen * d.nFeatures;
  const keep: number[] = [];
  for (let i = 0; i < d.nRows; i++) if (Number.isFinite(d.y[i])) keep.push(i);
  if (keep.length === d.nRows) return d;
  const x = new Float32Array(keep.length * width);
  const y = new Float32Array(keep.length);
  const rowDate = new Int32Array(keep.length);
  const rowInstrument = new Int32Array(keep.length);
  keep.forEach((r, k) => {
    x.set(d.x.subarray(r * width, (r + 1) * width), k * width);
    y[k] = d.y[r];
    rowDate[k] = d.index.rowDate[r];
    rowInstrument[k] = d.index.rowInstrument[r];
  });
  return { ...d, nRows: keep.length, x, y, index: { ...d.index, rowDate, rowInstrument } };
}

/** Options of the synthetic data makers. */
export interface SyntheticOptions {
  nRows: number;
  nFeatures: number;
  seed: number;
  /** Std of the gaussian label noise (default 0.1). */
  noise?: number;
  /** Fraction of feature values set to NaN (default 0). */
  nanRate?: number;
}

function syntheticIndex(nRows: number, nInstruments = 10): RowIndex {
  const rowDate = new Int32Array(nRows);
  const rowInstrument = new Int32Array(nRows);
  for (let i = 0; i < nRows; i++) {
    rowDate[i] = Math.floor(i / nInstruments);
    rowInstrument[i] = i % nInstruments;
  }
  const nDates = Math.ceil(nRows / nInstruments);
  const calendar = Array.from({ length: nDates }, (_, i) => new Date(Date.UTC(2000, 0, 1 + i)).toISOString().slice(0, 10));
  const instruments = Array.from({ length: nInstruments }, (_, i) => `S${String(i).padStart(4, '0')}`);
  return { rowDate, rowInstrument, instruments, calendar };
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
}

/**
 * Tabular rows with `y = x·w + 0.5·sin(3·x0) + noise`, x uniform in [-1, 1], `w` fixed by `weightSeed`
 * (default 1) so train / valid / test drawn with different `seed`s share one signal.
 */
export function syntheticTabular(opts: SyntheticOptions & { weightSeed?: number }): TabularData {
  const { nRows, nFeatures, seed, noise = 0.1, nanRate = 0 } = opts;
  const wr = mulberry32(opts.weightSeed ?? 1);
  const w = Float64Array.from({ length: nFeatures }, () => ((wr() * 2 - 1) / Math.sqrt(nFeatures)) * 2);
  const rand = mulberry32(seed);
  const x = new Float32Array(nRows * nFeatures);
  const y = new Float32Array(nRows);
  for (let i = 0; i < nRows; i++) {
    let s = 0;
    for (let j = 0; j < nFeatures; j++) {
      const v = rand() * 2 - 1;
      s += v * w[j];
      x[i * nFeatures + j] = nanRate > 0 && rand() < nanRate ? NaN : v;
    }
    const x0 = x[i * nFeatures];
    y[i] = s + 0.5 * Math.sin(3 * (Number.isNaN(x0) ? 0 : x0)) + noise * gaussian(rand);
  }
  return {
    kind: 'tabular',
    nRows,
    nFeatures,
    featureNames: Array.from({ length: nFeatures }, (_, j) => `F${j}`),
    x,
    y,
    index: syntheticIndex(nRows),
  };
}

/**
 * Sequences `nRows × stepLen × nFeatures` (uniform in [-1, 1]) whose label needs memory:
 * `y = mean over steps of x[t,0] · 2 + x[last,1] + noise`.
 */
export function syntheticSequence(opts: SyntheticOptions & { stepLen: number }): SequenceData {
  const { nRows, nFeatures, stepLen, seed, noise = 0.1 } = opts;
  const rand = mulberry32(seed);
  const width = stepLen * nFeatures;
  const x = new Float32Array(nRows * width);
  const y = new Float32Array(nRows);
  for (let i = 0; i < nRows; i++) {
    let m = 0;
    for (let t = 0; t < stepLen; t++) {
      for (let f = 0; f < nFeatures; f++) x[i * width + t * nFeatures + f] = rand() * 2 - 1;
      m += x[i * width + t * nFeatures];
    }
    y[i] = (2 * m) / stepLen + x[i * width + (stepLen - 1) * nFeatures + 1] + noise * gaussian(rand);
  }
  return {
    kind: 'sequence',
    nRows,
    stepLen,
    nFeatures,
    featureNames: Array.from({ length: nFeatures }, (_, j) => `F${j}`),
    x,
    y,
    index: syntheticIndex(nRows),
  };
}

/** Coefficient of determination of `pred` against `y` (1 is perfect; 0 is the mean predictor). */
export function rSquared(y: ArrayLike<number>, pred: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i];
  mean /= y.length;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < y.length; i++) {
    ssRes += (y[i] - pred[i]) ** 2;
    ssTot += (y[i] - mean) ** 2;
  }
  return 1 - ssRes / ssTot;
}
