import { join } from 'node:path';
import type { ModelDataset, TabularData } from '@rollq/data';
import { writeFileAtomic } from '@rollq/data/node-fs';
import koffi from 'koffi';
import type { FitOptions, Model } from '../core/model.js';
import { trimNativeHeap } from '../core/native-heap.js';
import { readModelFile, readSavedConfig, writeSavedConfig } from '../core/saved-config.js';
import {
  assertFitted,
  assertNotEmpty,
  assertWidth,
  hasSegment,
  labelledRows,
  prepareTabular,
  throwIfAborted,
} from '../core/segment-data.js';
import { ModelError } from '../errors.js';
import { binPlan, fitWindowMappers, pooledDatasets } from './lightgbm-bins.js';
import {
  announceLightGBM,
  C_API_DTYPE_FLOAT32,
  C_API_PREDICT_NORMAL,
  checkLgb,
  higherIsBetter,
  type LightGBMApi,
  loadLightGBM,
} from './lightgbm-lib.js';
import { type LGBKwargs, parseLGBKwargs, type ResolvedLGB, resolveLGB } from './lightgbm-params.js';

const MODEL_FILE = 'lightgbm.txt';
const CLASS_NAME = 'LGBModel';

/** Frees a booster whose model object was garbage-collected without `dispose()`. */
const boosterFinalizer = new FinalizationRegistry<{ api: LightGBMApi; handle: unknown }>(({ api, handle }) => {
  api.BoosterFree(handle);
});

/**
 * Qlib's `LGBModel` (qlib/contrib/model/gbdt.py), trained by LightGBM's C library through the koffi FFI.
 * The kwargs go to LightGBM unchanged (`objective` from `loss`, `verbosity=-1`, see {@link resolveLGB});
 * the train and valid segments become LightGBM Datasets from the row-major Float32Array (valid binned
 * with train's bin mappers, as `lgb.train` does); training runs one `LGBM_BoosterUpdateOneIter` per
 * round, reports progress, and stops early on `valid` exactly as `lgb.early_stopping` (best iteration
 * kept). The kept model is LightGBM's text model cut at the best iteration, the model `lgb.train` returns,
 * so `predict` uses Qlib's `best_iteration`. NaN features are LightGBM missing values.
 */
export class LGBModel implements Model {
  readonly className = CLASS_NAME;
  readonly kwargs: LGBKwargs;
  #api: LightGBMApi | null = null;
  #booster: unknown = null;
  #nFeatures = 0;
  #bestIteration = -1;

  constructor(kwargs: unknown = {}) {
    this.kwargs = parseLGBKwargs(kwargs); // unknown names and alias clashes fail here, not after data loading
  }

  get fitted(): boolean {
    return this.#booster !== null;
  }

  /** 0-based round with the best valid score (the last round when there is no valid segment or no early stopping). */
  get bestIteration(): number {
    return this.#bestIteration;
  }

  /** Path of the LightGBM library in use, and its version (after fit or load). */
  get engine(): { path: string; version: string } | null {
    return this.#api ? { path: this.#api.path, version: this.#api.version } : null;
  }

  async fit(dataset: ModelDataset, opts: FitOptions = {}): Promise<void> {
    const cfg = resolveLGB(this.kwargs);
    const api = loadLightGBM();
    announceLightGBM(api, CLASS_NAME);
    const datasets: unknown[] = [];
    let booster: unknown = null;
    try {
      // LightGBM copies the rows into its own bins: the Float32Array matrices are garbage once the Datasets exist
      const { width, sets } = lightgbmDatasets(api, dataset, cfg, datasets);
      this.dispose();
      const dtrain = datasets[0];
      const out = [null];
      checkLgb(api, api.BoosterCreate(dtrain, cfg.paramString, out), 'BoosterCreate');
      booster = out[0];
      if (datasets.length > 1) checkLgb(api, api.BoosterAddValidData(booster, datasets[1]), 'BoosterAddValidData');
      const nClass = [0];
      checkLgb(api, api.BoosterGetNumClasses(booster, nClass), 'BoosterGetNumClasses');
      if (nClass[0] !== 1) {
        throw new ModelError('CONFIG_INVALID', `LGBModel: objective "${cfg.params.objective}" gives ${nClass[0]} scores per row`, {
          hint: 'LGBModel scores one value per row: use a regression or binary objective',
        });
      }
      const metrics = evalNames(api, booster);
      const scores = new Float64Array(Math.max(1, metrics.length));
      const evals: Record<string, Record<string, number[]>> = {};
      // lgb.early_stopping: per (valid set, metric) the best score and its round; skipped without valid
      // data or with 0 rounds (then every round is kept, as lgb.train's best_iteration 0 means).
      const stopping = sets.length > 1 && cfg.earlyStoppingRounds > 0 && metrics.length > 0;
      const maximize = metrics.map(higherIsBetter);
      const bestScore = metrics.map((_, j) => (maximize[j] ? -Infinity : Infinity));
      const bestIter = metrics.map(() => 0);
      let stopBest = -1;
      let rounds = 0;
      const finished = [0];
      for (let iter = 0; iter < cfg.numBoostRound; iter++) {
        throwIfAborted(opts.signal, CLASS_NAME);
        checkLgb(api, api.BoosterUpdateOneIter(booster, finished), 'BoosterUpdateOneIter');
        rounds = iter + 1;
        const latest: Record<string, number[]> = {};
        for (let d = 0; d < sets.length; d++) {
          const n = [0];
          checkLgb(api, api.BoosterGetEval(booster, d, n, scores), 'BoosterGetEval');
          latest[sets[d]] = Array.from(scores.subarray(0, n[0]));
          const rec = (evals[sets[d]] ??= {});
          for (let j = 0; j < n[0]; j++) (rec[metrics[j]] ??= []).push(scores[j]);
        }
        if (stopping) {
          const v = latest.valid;
          for (let j = 0; j < metrics.length; j++) {
            const better = iter === 0 || (maximize[j] ? v[j] > bestScore[j] + cfg.minDelta : v[j] < bestScore[j] - cfg.minDelta);
            if (better) {
              bestScore[j] = v[j];
              bestIter[j] = iter;
            }
          }
          // As the callback: the first metric (or each, unless first_metric_only) that has not improved for
          // `early_stopping_rounds` rounds stops training; at the last round, the first metric's best is kept.
          for (let j = 0; j < metrics.length; j++) {
            if (cfg.firstMetricOnly && metrics[j] !== metrics[0]) continue;
            if (iter - bestIter[j] >= cfg.earlyStoppingRounds || iter === cfg.numBoostRound - 1) {
              stopBest = bestIter[j];
              break;
            }
          }
        }
        opts.onProgress?.({
          model: CLASS_NAME,
          unit: 'round',
          current: iter + 1,
          total: cfg.numBoostRound,
          trainLoss: latest.train[0],
          validLoss: sets.length > 1 ? latest.valid[0] : undefined,
          best: stopping ? { current: bestIter[0] + 1, validLoss: bestScore[0] } : undefined,
        });
        if (stopBest >= 0) break;
        // Yield to the event loop between rounds so a signal / progress bar can act.
        if (iter % 10 === 9) await new Promise((r) => setImmediate(r));
      }
      if (opts.evalsResult) Object.assign(opts.evalsResult, evals);
      // lgb.train returns the booster reloaded from its text model cut at best_iteration (all rounds when
      // early stopping did not run): keep exactly that model, and let the training data go.
      const keep = stopBest >= 0 ? stopBest + 1 : rounds;
      const text = modelString(api, booster, keep);
      api.BoosterFree(booster);
      booster = null;
      for (const d of datasets.splice(0)) api.DatasetFree(d);
      this.#adopt(api, loadBooster(api, text, 'the trained model'), width, keep - 1);
    } finally {
      for (const d of datasets) api.DatasetFree(d);
      if (booster !== null) api.BoosterFree(booster);
      trimNativeHeap();
    }
  }

  predict(dataset: ModelDataset, segment = 'test'): Float64Array {
    assertFitted(this.fitted, CLASS_NAME, 'predict');
    const api = this.#api!;
    const d = prepareTabular(dataset, segment, 'infer', CLASS_NAME);
    assertWidth(CLASS_NAME, this.#nFeatures, d.nFeatures, segment);
    const out = new Float64Array(d.nRows);
    if (d.nRows === 0) return out;
    const threads = resolveLGB(this.kwargs).numThreads;
    const len = [0];
    checkLgb(
      api,
      api.BoosterPredictForMat(
        this.#booster,
        d.x,
        C_API_DTYPE_FLOAT32,
        d.nRows,
        d.nFeatures,
        1,
        C_API_PREDICT_NORMAL,
        0,
        -1,
        threads === undefined ? '' : `num_threads=${threads}`,
        len,
        out,
      ),
      'BoosterPredictForMat',
    );
    return out;
  }

  async save(dir: string): Promise<void> {
    assertFitted(this.fitted, CLASS_NAME, 'save');
    const api = this.#api!;
    await writeFileAtomic(join(dir, MODEL_FILE), modelString(api, this.#booster, -1));
    await writeSavedConfig(dir, {
      className: CLASS_NAME,
      kwargs: this.kwargs,
      state: { nFeatures: this.#nFeatures, bestIteration: this.#bestIteration, model: MODEL_FILE, lightgbm: api.version },
    });
  }

  /** Loads a model written by {@link LGBModel.save} (LightGBM's text model plus `rollq-model.json`). */
  static async load(dir: string): Promise<LGBModel> {
    const cfg = await readSavedConfig(dir);
    const m = new LGBModel(cfg.kwargs);
    const name = String(cfg.state.model ?? MODEL_FILE);
    const bytes = await readModelFile(dir, name);
    const api = loadLightGBM();
    announceLightGBM(api, CLASS_NAME);
    let booster: unknown;
    try {
      booster = loadBooster(api, bytes, join(dir, name));
    } catch (e) {
      throw new ModelError('MODEL_FILE_INVALID', (e as Error).message, {
        hint: 'the model file is damaged; save the model again',
        cause: e,
      });
    }
    m.#adopt(api, booster, Number(cfg.state.nFeatures), Number(cfg.state.bestIteration ?? -1));
    return m;
  }

  #adopt(api: LightGBMApi, booster: unknown, nFeatures: number, best: number): void {
    this.#api = api;
    this.#booster = booster;
    this.#nFeatures = nFeatures;
    this.#bestIteration = best;
    boosterFinalizer.register(this, { api, handle: booster }, this);
  }

  dispose(): void {
    if (this.#booster !== null && this.#api) {
      boosterFinalizer.unregister(this);
      this.#api.BoosterFree(this.#booster);
    }
    this.#booster = null;
  }
}

/**
 * The train Dataset and, when the dataset has a non-empty `valid` segment, the valid one binned with train's
 * bin mappers (as `lgb.train` does), pushed onto `out` (the caller frees them). The matrices live only here.
 * A dataset whose handler has a fit window inside its train segment takes both as subsets of the handler's
 * binned learn rows instead (see {@link binPlan}).
 */
function lightgbmDatasets(api: LightGBMApi, dataset: ModelDataset, cfg: ResolvedLGB, out: unknown[]): { width: number; sets: string[] } {
  const params = cfg.paramString;
  const plan = binPlan(dataset, hasSegment(dataset, 'valid'), params, cfg.binsFrom);
  if (plan.kind === 'pooled') return pooledDatasets(api, plan, params, CLASS_NAME, out);
  const trainRows = prepareTabular(dataset, 'train', 'learn', CLASS_NAME);
  const train = labelledRows(trainRows);
  assertNotEmpty(train, CLASS_NAME, 'train');
  const valid = hasSegment(dataset, 'valid') ? labelledRows(prepareTabular(dataset, 'valid', 'learn', CLASS_NAME)) : null;
  if (valid) assertWidth(CLASS_NAME, train.width, valid.width, 'valid');
  let dtrain: unknown;
  if (plan.kind === 'reference') {
    // the fit window's rows are a run of the train rows: their bin mappers (fitted as LightGBM would on them),
    // then let go (a Dataset binned by reference copies the mappers)
    const fit = labelledRows(rowSlice(trainRows, plan.fit[0] - plan.train[0], plan.fit[1] - plan.train[0]));
    const ref = fitWindowMappers(api, fit.x, fit.nRows, fit.width, params);
    try {
      dtrain = makeDataset(api, train.x, train.nRows, train.width, train.y, params, ref);
    } finally {
      api.DatasetFree(ref);
    }
  } else {
    dtrain = makeDataset(api, train.x, train.nRows, train.width, train.y, params, null);
  }
  out.push(dtrain);
  const sets = ['train'];
  if (valid && valid.nRows > 0) {
    out.push(makeDataset(api, valid.x, valid.nRows, valid.width, valid.y, params, dtrain));
    sets.push('valid');
  }
  return { width: train.width, sets };
}

/** Rows `[lo, hi)` of a tabular segment, as views of its arrays (no copy). */
function rowSlice(d: TabularData, lo: number, hi: number): TabularData {
  const w = d.nFeatures;
  return { ...d, nRows: hi - lo, x: d.x.subarray(lo * w, hi * w), y: d.y.subarray(lo, hi) };
}

/** A LightGBM Dataset over a row-major Float32Array (NaN = missing) with its label; `reference` shares bin mappers. Caller frees it. */
function makeDataset(
  api: LightGBMApi,
  x: Float32Array,
  nRows: number,
  nCols: number,
  y: Float32Array,
  params: string,
  reference: unknown,
): unknown {
  const out = [null];
  checkLgb(api, api.DatasetCreateFromMat(x, C_API_DTYPE_FLOAT32, nRows, nCols, 1, params, reference, out), 'DatasetCreateFromMat');
  const rc = api.DatasetSetField(out[0], 'label', y, nRows, C_API_DTYPE_FLOAT32);
  if (rc !== 0) {
    api.DatasetFree(out[0]);
    checkLgb(api, rc, 'DatasetSetField(label)');
  }
  return out[0];
}

/** The booster's metric names (`l2`, …), in the order `LGBM_BoosterGetEval` reports them. */
function evalNames(api: LightGBMApi, booster: unknown): string[] {
  const count = [0];
  checkLgb(api, api.BoosterGetEvalCounts(booster, count), 'BoosterGetEvalCounts');
  if (count[0] === 0) return [];
  const size = 256;
  const bufs = Array.from({ length: count[0] }, () => koffi.alloc('char', size));
  try {
    const n = [0];
    const need = [0];
    checkLgb(api, api.BoosterGetEvalNames(booster, count[0], n, size, need, bufs), 'BoosterGetEvalNames');
    return bufs.slice(0, n[0]).map((b) => String(koffi.decode(b, 'char', -1)));
  } finally {
    for (const b of bufs) koffi.free(b);
  }
}

/** LightGBM's text model of the first `numIteration` rounds (-1 = all), as bytes (no trailing NUL). */
function modelString(api: LightGBMApi, booster: unknown, numIteration: number): Uint8Array {
  const len = [0];
  let buf = new Uint8Array(1 << 20);
  checkLgb(api, api.BoosterSaveModelToString(booster, 0, numIteration, 0, buf.length, len, buf), 'BoosterSaveModelToString');
  if (Number(len[0]) > buf.length) {
    buf = new Uint8Array(Number(len[0]));
    checkLgb(api, api.BoosterSaveModelToString(booster, 0, numIteration, 0, buf.length, len, buf), 'BoosterSaveModelToString');
  }
  return buf.slice(0, Number(len[0]) - 1);
}

/** A booster from LightGBM text model bytes. Caller frees it. */
function loadBooster(api: LightGBMApi, text: Uint8Array, what: string): unknown {
  const z = new Uint8Array(text.length + 1);
  z.set(text);
  const iters = [0];
  const out = [null];
  checkLgb(api, api.BoosterLoadModelFromString(z, iters, out), `BoosterLoadModelFromString(${what})`);
  return out[0];
}
