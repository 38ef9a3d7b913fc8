import { join } from 'node:path';
import type { ModelDataset } from '@rollq/data';
import { writeFileAtomic } from '@rollq/data/node-fs';
import { z } from '@rollq/data/zod';
import { parseKwargs } from '../core/kwargs.js';
import type { FitOptions, Model } from '../core/model.js';
import { readModelFile, readSavedConfig, writeSavedConfig } from '../core/saved-config.js';
import {
  assertFitted,
  assertNotEmpty,
  assertWidth,
  hasSegment,
  type LabelledRows,
  labelledRows,
  prepareTabular,
  throwIfAborted,
} from '../core/segment-data.js';
import { ModelError } from '../errors.js';
import { solveSymmetric } from './solve.js';

/** Kwargs of {@link LinearModel}, with Qlib's `LinearModel` names and defaults. */
export const LinearKwargsSchema = z.strictObject({
  estimator: z.enum(['ols', 'ridge']).default('ols').describe('"ols" or "ridge" (default "ols"); Qlib\'s lasso / nnls are not implemented'),
  alpha: z.number().min(0).default(0).describe('ridge L2 penalty on the coefficients, not the intercept (default 0)'),
  fit_intercept: z.boolean().default(true).describe('fit an intercept (default true)'),
  include_valid: z.boolean().default(false).describe('also train on the valid segment (default false)'),
});
export type LinearKwargs = z.output<typeof LinearKwargsSchema>;

const WEIGHTS_FILE = 'linear.bin';

/**
 * Qlib's `LinearModel`: ordinary least squares or ridge regression in closed form.
 *
 * NaN handling follows Qlib: training drops every row with a NaN label **or any NaN feature**
 * (`df.dropna()`), and prediction does not fill, so a row with a NaN feature scores NaN (Qlib's
 * workflows put a `Fillna` processor first). With `fit_intercept`, features and label are centred before
 * solving, so the intercept is not penalised (as sklearn does). Singular systems (constant or duplicated
 * columns) get the minimum-norm solution.
 */
export class LinearModel implements Model {
  readonly className = 'LinearModel';
  readonly kwargs: LinearKwargs;
  #coef: Float64Array | null = null;
  #intercept = 0;

  constructor(kwargs: unknown = {}) {
    this.kwargs = parseKwargs('LinearModel', LinearKwargsSchema, kwargs);
  }

  get fitted(): boolean {
    return this.#coef !== null;
  }

  /** The fitted coefficients (one per feature) and intercept. */
  get coefficients(): { coef: Float64Array; intercept: number } {
    assertFitted(this.fitted, this.className, 'read coefficients');
    return { coef: this.#coef!, intercept: this.#intercept };
  }

  async fit(dataset: ModelDataset, opts: FitOptions = {}): Promise<void> {
    const train = prepareTabular(dataset, 'train', 'learn', this.className);
    const parts = [labelledRows(train)];
    if (this.kwargs.include_valid && hasSegment(dataset, 'valid')) {
      parts.push(labelledRows(prepareTabular(dataset, 'valid', 'learn', this.className)));
    }
    throwIfAborted(opts.signal, this.className);
    const p = train.nFeatures;
    const { xtx, xty, mean, yMean, n } = normalEquations(parts, p, this.kwargs.fit_intercept);
    assertNotEmpty({ nRows: n }, this.className, 'train');
    const alpha = this.kwargs.estimator === 'ridge' ? this.kwargs.alpha : 0;
    const coef = solveSymmetric(xtx, xty, p, alpha);
    let intercept = 0;
    if (this.kwargs.fit_intercept) {
      intercept = yMean;
      for (let j = 0; j < p; j++) intercept -= coef[j] * mean[j];
    }
    this.#coef = coef;
    this.#intercept = intercept;
    if (opts.evalsResult) {
      const mse = (rows: LabelledRows): number => {
        let s = 0;
        let k = 0;
        for (let i = 0; i < rows.nRows; i++) {
          const v = this.#score(rows.x, i * p);
          if (Number.isNaN(v)) continue;
          s += (v - rows.y[i]) ** 2;
          k++;
        }
        return s / Math.max(k, 1);
      };
      opts.evalsResult.train = { loss: [mse(parts[0])] };
      if (hasSegment(dataset, 'valid')) {
        opts.evalsResult.valid = { loss: [mse(labelledRows(prepareTabular(dataset, 'valid', 'learn', this.className)))] };
      }
    }
    opts.onProgress?.({ model: this.className, unit: 'step', current: 1, total: 1, trainLoss: opts.evalsResult?.train?.loss[0] });
  }

  predict(dataset: ModelDataset, segment = 'test'): Float64Array {
    assertFitted(this.fitted, this.className, 'predict');
    const d = prepareTabular(dataset, segment, 'infer', this.className);
    assertWidth(this.className, this.#coef!.length, d.nFeatures, segment);
    const out = new Float64Array(d.nRows);
    for (let i = 0; i < d.nRows; i++) out[i] = this.#score(d.x, i * d.nFeatures);
    return out;
  }

  #score(x: Float32Array, off: number): number {
    const coef = this.#coef!;
    let s = this.#intercept;
    for (let j = 0; j < coef.length; j++) s += coef[j] * x[off + j];
    return s;
  }

  async save(dir: string): Promise<void> {
    assertFitted(this.fitted, this.className, 'save');
    const buf = new Float64Array(this.#coef!.length + 1);
    buf[0] = this.#intercept;
    buf.set(this.#coef!, 1);
    await writeFileAtomic(join(dir, WEIGHTS_FILE), new Uint8Array(buf.buffer));
    await writeSavedConfig(dir, {
      className: this.className,
      kwargs: this.kwargs,
      state: { nFeatures: this.#coef!.length, weights: WEIGHTS_FILE },
    });
  }

  /** Loads a model written by {@link LinearModel.save}. */
  static async load(dir: string): Promise<LinearModel> {
    const cfg = await readSavedConfig(dir);
    const m = new LinearModel(cfg.kwargs);
    const bytes = await readModelFile(dir, WEIGHTS_FILE);
    const nFeatures = Number(cfg.state.nFeatures);
    if (bytes.byteLength !== (nFeatures + 1) * 8) {
      throw new ModelError(
        'MODEL_FILE_INVALID',
        `${join(dir, WEIGHTS_FILE)} has ${bytes.byteLength} bytes, expected ${(nFeatures + 1) * 8}`,
        {
          hint: 'the weights file is damaged; save the model again',
        },
      );
    }
    const buf = new Float64Array(bytes.slice().buffer);
    m.#intercept = buf[0];
    m.#coef = buf.slice(1);
    return m;
  }

  dispose(): void {
    this.#coef = null;
  }
}

/**
 * Accumulates the (centred, when `centre`) normal equations XᵀX, Xᵀy over rows with no NaN, in
 * Float64. Two passes: means first, then the centred cross-products, which keeps precision when
 * features have large offsets (e.g. raw prices).
 */
function normalEquations(parts: LabelledRows[], p: number, centre: boolean) {
  const mean = new Float64Array(p);
  let yMean = 0;
  let n = 0;
  const complete = (x: Float32Array, off: number): boolean => {
    for (let j = 0; j < p; j++) if (Number.isNaN(x[off + j])) return false;
    return true;
  };
  if (centre) {
    for (const r of parts) {
      for (let i = 0; i < r.nRows; i++) {
        if (!complete(r.x, i * p)) continue;
        for (let j = 0; j < p; j++) mean[j] += r.x[i * p + j];
        yMean += r.y[i];
        n++;
      }
    }
    if (n > 0) {
      for (let j = 0; j < p; j++) mean[j] /= n;
      yMean /= n;
    }
  }
  n = 0;
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  const row = new Float64Array(p);
  for (const r of parts) {
    for (let i = 0; i < r.nRows; i++) {
      const off = i * p;
      if (!complete(r.x, off)) continue;
      for (let j = 0; j < p; j++) row[j] = r.x[off + j] - mean[j];
      const yc = r.y[i] - yMean;
      for (let j = 0; j < p; j++) {
        const rj = row[j];
        xty[j] += rj * yc;
        const base = j * p;
        for (let k = j; k < p; k++) xtx[base + k] += rj * row[k];
      }
      n++;
    }
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) xtx[j * p + k] = xtx[k * p + j];
  return { xtx, xty, mean, yMean, n };
}
