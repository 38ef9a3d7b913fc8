import type { LearnRowPool, ModelDataset } from '@rollq/data';
import koffi from 'koffi';
import { releaseBuffers } from '../core/release-buffers.js';
import { assertNotEmpty, labelledRows } from '../core/segment-data.js';
import { C_API_DTYPE_FLOAT32, checkLgb, type LightGBMApi, logLightGBM } from './lightgbm-lib.js';

/**
 * Where an LGBModel fit takes its LightGBM bins from.
 *
 * `own`: LightGBM bins the train rows themselves, as `lgb.train` on Qlib's matrices does.
 * Otherwise the dataset's handler has a fit window (`fit_start_time`..`fit_end_time`, the rows its processors
 * were fitted on) inside the train segment, and the bins are fitted on those rows. `pooled`: every task over a
 * shared handler takes its train and valid rows as subsets (`LGBM_DatasetGetSubset`) of one binned Dataset of
 * the handler's learn rows, built once. `reference`: a dataset alone bins its train and valid rows with the
 * mappers of a Dataset of its fit rows (the same bins, hence the same model, without the handler-wide
 * Dataset). Where train is the fit window (Qlib's single-run YAMLs, the first task of a rolling run) all three
 * give the same Dataset, hence Qlib's model; where train extends past it (the later tasks of an expanding
 * rolling run) the bins come from the fit window instead of each task's own rows. The rule depends on the
 * task only, not on which process trains it: a pool worker training one task alone bins it as the rolling
 * run that trains them all. The kwarg `bins_from: train` keeps Qlib's per-task bins (`own`) everywhere.
 */
export type BinPlan =
  | { kind: 'own' }
  | { kind: 'reference'; fit: readonly [number, number]; train: [number, number] }
  | { kind: 'pooled'; pool: LearnRowPool; fit: readonly [number, number]; train: [number, number]; valid: [number, number] | null };

/**
 * The {@link BinPlan} of a fit on `dataset` (`hasValid`: it has a `valid` segment): `own` as Qlib, `pooled`
 * for a shared handler (or one whose Dataset is already built), and for a dataset alone whose train extends
 * past the fit window `reference`: bin mappers from a Dataset of the fit rows, the train and valid rows binned
 * with them (what the pooled Dataset holds for those rows, without building it for one fit).
 */
export function binPlan(
  dataset: ModelDataset,
  hasValid: boolean,
  params: string,
  binsFrom: 'fit_window' | 'train' = 'fit_window',
): BinPlan {
  if (binsFrom === 'train') return { kind: 'own' };
  const pool = dataset.learnRowPool?.() ?? null;
  const fit = pool?.fitWindow ?? null;
  if (!pool || !fit || fit[0] >= fit[1]) return { kind: 'own' };
  const train = pool.segmentRows('train');
  if (fit[0] < train[0] || fit[1] > train[1]) return { kind: 'own' };
  if (pool.shared || binnedFor(pool, params)) {
    return { kind: 'pooled', pool, fit, train, valid: hasValid ? pool.segmentRows('valid') : null };
  }
  // train = fit window: LightGBM's own bins of the train rows are the fit window's
  if (fit[0] === train[0] && fit[1] === train[1]) return { kind: 'own' };
  return { kind: 'reference', fit, train };
}

/** The handler-wide binned Dataset, one at a time (a run moves from one handler to the next). */
interface PooledDataset {
  pool: WeakRef<object>;
  params: string;
  api: LightGBMApi;
  handle: unknown;
  /** Features per row. */
  width: number;
  /** `prefix[r]` = learn rows with a finite label before pool row `r`: pool rows → Dataset rows. */
  prefix: Int32Array;
}

let slot: PooledDataset | null = null;

/** Frees the pooled Dataset once its handler is garbage (a process that moves on does not keep ~100 MB). */
const poolFinalizer = new FinalizationRegistry<PooledDataset>((held) => {
  if (slot === held) slot = null;
  held.api.DatasetFree(held.handle);
});

function binnedFor(pool: LearnRowPool, params: string): boolean {
  return slot !== null && slot.pool.deref() === pool.id && slot.params === params;
}

/** Frees the pooled Dataset now (a caller done with its rolling run; the next pooled fit builds it again). */
export function releasePooledBins(): void {
  if (!slot) return;
  const held = slot;
  slot = null;
  const id = held.pool.deref();
  if (id) poolFinalizer.unregister(id);
  held.api.DatasetFree(held.handle);
}

/**
 * The train (and valid, when the plan has a non-empty one) Datasets of a pooled plan, pushed onto `out`
 * (the caller frees them; they do not depend on the pooled Dataset, which stays cached). Returns the width
 * and the set names, as the matrix path does. An empty range makes no Dataset.
 */
export function pooledDatasets(
  api: LightGBMApi,
  plan: Extract<BinPlan, { kind: 'pooled' }>,
  params: string,
  className: string,
  out: unknown[],
): { width: number; sets: string[] } {
  const pooled = binnedFor(plan.pool, params) ? slot! : buildPooled(api, plan, params);
  const train = subset(api, pooled, plan.train, params);
  assertNotEmpty({ nRows: train.n }, className, 'train'); // an empty subset has no handle to free
  out.push(train.handle);
  const sets = ['train'];
  if (plan.valid) {
    const valid = subset(api, pooled, plan.valid, params);
    if (valid.n > 0) {
      out.push(valid.handle);
      sets.push('valid');
    }
  }
  return { width: pooled.width, sets };
}

function buildPooled(api: LightGBMApi, plan: Extract<BinPlan, { kind: 'pooled' }>, params: string): PooledDataset {
  releasePooledBins();
  const t0 = performance.now();
  const rows = plan.pool.rows();
  const n = rows.nRows;
  const w = rows.nFeatures;
  // rows with a finite label only (what every fit trains on), in order: pool row r is Dataset row prefix[r]
  const prefix = new Int32Array(n + 1);
  for (let r = 0; r < n; r++) prefix[r + 1] = prefix[r]! + (Number.isFinite(rows.y[r]) ? 1 : 0);
  const { nRows: kept, x, y } = labelledRows(rows);
  // bins from the fit window's rows alone, then every row binned with those mappers
  const lo = prefix[plan.fit[0]]!;
  const hi = prefix[plan.fit[1]]!;
  const ref = fitWindowMappers(api, x.subarray(lo * w, hi * w), hi - lo, w, params);
  const full = [null];
  try {
    checkLgb(api, api.DatasetCreateFromMat(x, C_API_DTYPE_FLOAT32, kept, w, 1, params, ref, full), 'DatasetCreateFromMat(learn rows)');
  } finally {
    api.DatasetFree(ref);
  }
  const rc = api.DatasetSetField(full[0], 'label', y, kept, C_API_DTYPE_FLOAT32);
  // the Dataset holds its own copy of both: the ~400 MB matrix goes now, not at a GC after the native fit
  releaseBuffers([rows.x, rows.y, x, y]);
  if (rc !== 0) {
    api.DatasetFree(full[0]);
    checkLgb(api, rc, 'DatasetSetField(label)');
  }
  slot = { pool: new WeakRef(plan.pool.id), params, api, handle: full[0], width: w, prefix };
  poolFinalizer.register(plan.pool.id, slot, plan.pool.id);
  logLightGBM(
    `LGBModel: bins fitted on the fit window's ${hi - lo} rows, one binned Dataset of ${kept} learn rows for every task over this handler (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
  return slot;
}

/** The rows `[lo, hi)` of the pool (those with a label) as a Dataset sharing the pooled one's bins. */
function subset(api: LightGBMApi, pooled: PooledDataset, range: readonly [number, number], params: string): { handle: unknown; n: number } {
  const from = pooled.prefix[range[0]]!;
  const n = pooled.prefix[range[1]]! - from;
  if (n === 0) return { handle: null, n };
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = from + i;
  const out = [null];
  checkLgb(api, api.DatasetGetSubset(pooled.handle, idx, n, params, out), 'DatasetGetSubset');
  return { handle: out[0], n };
}

/** LightGBM's `kZeroThreshold` (meta.h: `1e-35f`): smaller magnitudes are zeros, left out of the sampled values. */
const ZERO_THRESHOLD = Math.fround(1e-35);

/**
 * A Dataset holding only the bin mappers LightGBM fits on the row-major `x` (`nRows × width`): the rows it
 * would sample (`LGBM_SampleIndices`, from `params`' seed and sample count) and their non-zero values per column,
 * as `LGBM_DatasetCreateFromMat` gathers them, then `LGBM_DatasetCreateFromSampledColumn` with the same row
 * counts. The mappers (and feature groups) are those of a Dataset of `x`, without binning every row of it. Use
 * it as another Dataset's `reference`; the caller frees it.
 */
export function fitWindowMappers(api: LightGBMApi, x: Float32Array, nRows: number, width: number, params: string): unknown {
  const count = [0];
  checkLgb(api, api.GetSampleCount(nRows, params, count), 'GetSampleCount');
  const sampled = new Int32Array(Math.max(1, count[0]!));
  const got = [0];
  checkLgb(api, api.SampleIndices(nRows, params, sampled, got), 'SampleIndices');
  const n = got[0]!;
  // per column: the sampled values that are not zero (NaN included), and their position in the sample
  const perCol = new Int32Array(width);
  for (let i = 0; i < n; i++) {
    const row = sampled[i]! * width;
    for (let k = 0; k < width; k++) {
      const v = x[row + k]!;
      if (Math.abs(v) > ZERO_THRESHOLD || v !== v) perCol[k]!++;
    }
  }
  // the sampled values in native memory, given back the moment LightGBM has its mappers: as ArrayBuffers these
  // ~380 MB (Alpha158: 158 columns x 200,000 sampled rows, float64 values + int32 rows) stayed until V8's next
  // GC, which the native binning and boosting after them do not trigger (the demo's peak RSS held them)
  const total = perCol.reduce((s, c) => s + Math.max(1, c), 0);
  const valueMem = koffi.alloc('double', total);
  const rowMem = koffi.alloc('int32_t', total);
  const out = [null];
  try {
    const valueBlock = new Float64Array(koffi.view(valueMem, total * 8));
    const rowBlock = new Int32Array(koffi.view(rowMem, total * 4));
    const values: Float64Array[] = [];
    const rows: Int32Array[] = [];
    let at = 0;
    for (let k = 0; k < width; k++) {
      const len = Math.max(1, perCol[k]!);
      values.push(valueBlock.subarray(at, at + len));
      rows.push(rowBlock.subarray(at, at + len));
      at += len;
    }
    const fill = new Int32Array(width);
    for (let i = 0; i < n; i++) {
      const row = sampled[i]! * width;
      for (let k = 0; k < width; k++) {
        const v = x[row + k]!;
        if (Math.abs(v) > ZERO_THRESHOLD || v !== v) {
          const j = fill[k]!++;
          values[k]![j] = v;
          rows[k]![j] = i;
        }
      }
    }
    checkLgb(
      api,
      api.DatasetCreateFromSampledColumn(values, rows, width, perCol, n, nRows, nRows, params, out),
      'DatasetCreateFromSampledColumn',
    );
  } finally {
    koffi.free(valueMem);
    koffi.free(rowMem);
  }
  return out[0];
}
