import { join } from 'node:path';
import type { ModelDataset } from '@rollq/data';
import { writeFileAtomic } from '@rollq/data/node-fs';
import koffi from 'koffi';
import { parseKwargs } from '../core/kwargs.js';
import type { FitOptions, Model } from '../core/model.js';
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
import { type GBDTKwargs, GBDTKwargsSchema, resolveGBDT } from './gbdt-params.js';
import { check, loadXGBoost, type XGBoostApi } from './xgboost-lib.js';

const MODEL_FILE = 'xgboost.ubj';

/** Frees a booster whose model object was garbage-collected without `dispose()`. */
const boosterFinalizer = new FinalizationRegistry<{ api: XGBoostApi; handle: unknown }>(({ api, handle }) => {
  api.BoosterFree(handle);
});

/**
 * Gradient-boosted trees: rollq's default model (Qlib's `LGBModel`, also `XGBModel`), trained by
 * XGBoost's C library through the koffi FFI. LightGBM kwargs are mapped onto XGBoost (table on
 * {@link GBDTKwargsSchema}). Training runs one boosting round per call so every round reports progress
 * and can early-stop on the `valid` segment; the kept model is cut to the best round (LightGBM's
 * `best_iteration`). NaN features are XGBoost "missing" values. Native handles are freed in `finally`
 * blocks and by `dispose()`, with a finalizer as the safety net.
 */
export class GBDTModel implements Model {
  readonly className = 'GBDT';
  readonly kwargs: GBDTKwargs;
  #api: XGBoostApi | null = null;
  #booster: unknown = null;
  #nFeatures = 0;
  #bestIteration = -1;

  constructor(kwargs: unknown = {}) {
    this.kwargs = parseKwargs('GBDT', GBDTKwargsSchema, kwargs);
    resolveGBDT(this.kwargs); // alias clashes and bad objectives fail at construction, not after data loading
  }

  get fitted(): boolean {
    return this.#booster !== null;
  }

  /** 0-based round with the best valid score (the last round when there is no valid segment). */
  get bestIteration(): number {
    return this.#bestIteration;
  }

  async fit(dataset: ModelDataset, opts: FitOptions = {}): Promise<void> {
    const api = loadXGBoost({ libPath: this.kwargs.xgboost_lib });
    const cfg = resolveGBDT(this.kwargs);
    const train = labelledRows(prepareTabular(dataset, 'train', 'learn', this.className));
    assertNotEmpty(train, this.className, 'train');
    const valid = hasSegment(dataset, 'valid') ? labelledRows(prepareTabular(dataset, 'valid', 'learn', this.className)) : null;
    if (valid) assertWidth(this.className, train.width, valid.width, 'valid');
    this.dispose();

    const dmats: unknown[] = [];
    let booster: unknown = null;
    try {
      dmats.push(makeDMatrix(api, train.x, train.nRows, train.width, train.y));
      const names = ['train'];
      if (valid && valid.nRows > 0) {
        dmats.push(makeDMatrix(api, valid.x, valid.nRows, valid.width, valid.y));
        names.push('valid');
      }
      const out = [null];
      check(api, api.BoosterCreate(dmats, dmats.length, out), 'BoosterCreate');
      booster = out[0];
      for (const [k, v] of Object.entries(cfg.params)) check(api, api.BoosterSetParam(booster, k, v), `SetParam(${k}=${v})`);

      const evals: Record<string, Record<string, number[]>> = {};
      let best = -1;
      let bestScore = Infinity;
      const sign = cfg.minimize ? 1 : -1;
      const watch = names.length > 1 ? 1 : 0; // early stopping watches valid when there is one
      for (let iter = 0; iter < cfg.numBoostRound; iter++) {
        throwIfAborted(opts.signal, this.className);
        check(api, api.BoosterUpdateOneIter(booster, iter, dmats[0]), 'UpdateOneIter');
        const msg = [''];
        check(api, api.BoosterEvalOneIter(booster, iter, dmats, names, dmats.length, msg), 'EvalOneIter');
        const scores = parseEval(String(msg[0]));
        for (const [set, metric, value] of scores) ((evals[set] ??= {})[metric] ??= []).push(value);
        const watched = scores.filter((s) => s[0] === names[watch]).at(-1)?.[2] ?? NaN;
        if (sign * watched < bestScore) {
          bestScore = sign * watched;
          best = iter;
        }
        opts.onProgress?.({
          model: this.className,
          unit: 'round',
          current: iter + 1,
          total: cfg.numBoostRound,
          trainLoss: scores.find((s) => s[0] === 'train')?.[2],
          validLoss: watch ? watched : undefined,
          best: watch ? { current: best + 1, validLoss: sign * bestScore } : undefined,
        });
        if (watch && cfg.earlyStoppingRounds > 0 && iter - best >= cfg.earlyStoppingRounds) break;
        // Yield to the event loop between rounds so a signal / progress bar can act.
        if (iter % 10 === 9) await new Promise((r) => setImmediate(r));
      }
      if (opts.evalsResult) Object.assign(opts.evalsResult, evals);
      const rounds = [0];
      check(api, api.BoosterBoostedRounds(booster, rounds), 'BoostedRounds');
      if (watch && best + 1 < rounds[0]) {
        // Keep only the trees up to the best round, so predict / save use LightGBM's best_iteration.
        const sliced = [null];
        check(api, api.BoosterSlice(booster, 0, best + 1, 1, sliced), 'Slice');
        api.BoosterFree(booster);
        booster = sliced[0];
      }
      this.#adopt(api, booster, train.width, watch ? best : rounds[0] - 1);
      booster = null;
    } finally {
      for (const d of dmats) api.DMatrixFree(d);
      if (booster !== null) api.BoosterFree(booster);
    }
  }

  predict(dataset: ModelDataset, segment = 'test'): Float64Array {
    assertFitted(this.fitted, this.className, 'predict');
    const api = this.#api!;
    const d = prepareTabular(dataset, segment, 'infer', this.className);
    assertWidth(this.className, this.#nFeatures, d.nFeatures, segment);
    if (d.nRows === 0) return new Float64Array(0);
    const dm = makeDMatrix(api, d.x, d.nRows, d.nFeatures, null);
    try {
      const len = [0];
      const ptr = [null];
      check(api, api.BoosterPredict(this.#booster, dm, 0, 0, 0, len, ptr), 'Predict');
      // The result buffer belongs to the booster and is reused by its next call: copy it now.
      const f32 = new Float32Array(koffi.view(ptr[0], Number(len[0]) * 4).slice(0));
      return Float64Array.from(f32);
    } finally {
      api.DMatrixFree(dm);
    }
  }

  async save(dir: string): Promise<void> {
    assertFitted(this.fitted, this.className, 'save');
    const api = this.#api!;
    const len = [0];
    const ptr = [null];
    check(api, api.BoosterSaveModelToBuffer(this.#booster, '{"format":"ubj"}', len, ptr), 'SaveModelToBuffer');
    const bytes = new Uint8Array(koffi.view(ptr[0], Number(len[0])).slice(0));
    await writeFileAtomic(join(dir, MODEL_FILE), bytes);
    await writeSavedConfig(dir, {
      className: this.className,
      kwargs: this.kwargs,
      state: { nFeatures: this.#nFeatures, bestIteration: this.#bestIteration, model: MODEL_FILE, xgboost: api.version },
    });
  }

  /** Loads a model written by {@link GBDTModel.save}. */
  static async load(dir: string): Promise<GBDTModel> {
    const cfg = await readSavedConfig(dir);
    const m = new GBDTModel(cfg.kwargs);
    const bytes = await readModelFile(dir, String(cfg.state.model ?? MODEL_FILE));
    const api = loadXGBoost({ libPath: m.kwargs.xgboost_lib });
    const out = [null];
    check(api, api.BoosterCreate([], 0, out), 'BoosterCreate');
    try {
      check(api, api.BoosterLoadModelFromBuffer(out[0], bytes, bytes.byteLength), `LoadModelFromBuffer(${join(dir, MODEL_FILE)})`);
    } catch (e) {
      api.BoosterFree(out[0]);
      throw new ModelError('MODEL_FILE_INVALID', (e as Error).message, {
        hint: 'the model file is damaged; save the model again',
        cause: e,
      });
    }
    m.#adopt(api, out[0], Number(cfg.state.nFeatures), Number(cfg.state.bestIteration ?? -1));
    return m;
  }

  #adopt(api: XGBoostApi, booster: unknown, nFeatures: number, best: number): void {
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

/** A DMatrix over a row-major Float32Array (NaN = missing), with the label when given. Caller frees it. */
function makeDMatrix(api: XGBoostApi, x: Float32Array, nRows: number, nCols: number, y: Float32Array | null): unknown {
  const out = [null];
  check(api, api.DMatrixCreateFromMat(x, nRows, nCols, NaN, out), 'DMatrixCreateFromMat');
  if (y) {
    const rc = api.DMatrixSetFloatInfo(out[0], 'label', y, nRows);
    if (rc !== 0) {
      api.DMatrixFree(out[0]);
      check(api, rc, 'DMatrixSetFloatInfo(label)');
    }
  }
  return out[0];
}

/** Parses XGBoost's eval line `[3]\ttrain-rmse:0.41\tvalid-rmse:0.52` into `[set, metric, value]`. */
export function parseEval(line: string): [string, string, number][] {
  const out: [string, string, number][] = [];
  for (const part of line.split('\t').slice(1)) {
    const m = /^([^-]+)-(.+):(-?[\d.eE+-]+|nan|inf|-inf)$/.exec(part.trim());
    if (m) out.push([m[1], m[2], Number(m[3])]);
  }
  return out;
}
