import * as tf from '@tensorflow/tfjs';
import type { FitOptions } from '../core/model.js';
import { mulberry32, shuffledIndices } from '../core/rng.js';
import { throwIfAborted } from '../core/segment-data.js';
import { SeededDropout } from './seeded-dropout.js';

/** Samples for a network: `n` rows of `width` values, reshaped to `[n, ...sampleShape]` for the input. */
export interface Samples {
  n: number;
  width: number;
  x: Float32Array;
  y: Float32Array;
}

/** How the loop runs (the models map their Qlib kwargs onto this). */
export interface LoopConfig {
  className: string;
  /** Per-sample input shape, e.g. `[nFeatures]` or `[stepLen, nFeatures]`. */
  sampleShape: number[];
  /** `epoch`: a round is one pass over shuffled rows; `step`: a round is `stepsPerRound` batches. */
  unit: 'epoch' | 'step';
  rounds: number;
  stepsPerRound?: number;
  batchSize: number;
  /** Rounds without a valid improvement before stopping; 0 = never. */
  earlyStop: number;
  seed: number;
}

/**
 * Mini-batch training with per-round validation, early stopping and restore of the best weights (what
 * Qlib's pytorch models do in `fit`). Batches come from a seeded shuffle. NaN inputs are fed as 0: one NaN
 * would turn every weight into NaN, and Qlib's workflows fill them (Fillna / CSZFillna) before the model.
 */
export async function trainLoop(
  model: tf.LayersModel,
  train: Samples,
  valid: Samples | null,
  cfg: LoopConfig,
  opts: FitOptions,
): Promise<void> {
  const rand = mulberry32(cfg.seed);
  const perm = shuffledIndices(train.n, rand);
  let cursor = 0;
  const steps = cfg.unit === 'epoch' ? Math.ceil(train.n / cfg.batchSize) : (cfg.stepsPerRound ?? 1);
  const xBuf = new Float32Array(cfg.batchSize * train.width);
  const yBuf = new Float32Array(cfg.batchSize);
  const evals = { train: [] as number[], valid: [] as number[] };
  let best = Infinity;
  let bestRound = -1;
  let bestWeights: tf.Tensor[] | null = null;
  for (const l of model.layers) if (l instanceof SeededDropout) l.reset();
  const total = cfg.rounds * (cfg.unit === 'step' ? steps : 1);
  try {
    for (let round = 0; round < cfg.rounds; round++) {
      if (cfg.unit === 'epoch') {
        shuffledIndices(train.n, rand, perm);
        cursor = 0;
      }
      let lossSum = 0;
      let lossRows = 0;
      for (let s = 0; s < steps; s++) {
        throwIfAborted(opts.signal, cfg.className);
        if (cursor >= train.n) {
          if (cfg.unit === 'epoch') break;
          shuffledIndices(train.n, rand, perm);
          cursor = 0;
        }
        const b = Math.min(cfg.batchSize, train.n - cursor);
        for (let k = 0; k < b; k++) {
          const r = perm[cursor + k];
          copyFinite(train.x, r * train.width, xBuf, k * train.width, train.width);
          yBuf[k] = train.y[r];
        }
        cursor += b;
        const xs = tf.tensor(xBuf.subarray(0, b * train.width), [b, ...cfg.sampleShape]);
        const ys = tf.tensor2d(yBuf.subarray(0, b), [b, 1]);
        try {
          const loss = (await model.trainOnBatch(xs, ys)) as number;
          lossSum += loss * b;
          lossRows += b;
        } finally {
          xs.dispose();
          ys.dispose();
        }
      }
      const trainLoss = lossSum / Math.max(lossRows, 1);
      evals.train.push(trainLoss);
      let validLoss: number | undefined;
      if (valid && valid.n > 0) {
        validLoss = mse(predictRows(model, valid, cfg.sampleShape, Math.max(cfg.batchSize, 4096)), valid.y);
        evals.valid.push(validLoss);
        if (validLoss < best) {
          best = validLoss;
          bestRound = round;
          for (const w of bestWeights ?? []) w.dispose();
          bestWeights = model.getWeights().map((w) => w.clone());
        }
      }
      opts.onProgress?.({
        model: cfg.className,
        unit: cfg.unit,
        current: cfg.unit === 'step' ? (round + 1) * steps : round + 1,
        total,
        trainLoss,
        validLoss,
        best: bestRound >= 0 ? { current: cfg.unit === 'step' ? (bestRound + 1) * steps : bestRound + 1, validLoss: best } : undefined,
      });
      if (bestRound >= 0 && cfg.earlyStop > 0 && round - bestRound >= cfg.earlyStop) break;
    }
    if (bestWeights) model.setWeights(bestWeights);
  } finally {
    for (const w of bestWeights ?? []) w.dispose();
  }
  if (opts.evalsResult) {
    opts.evalsResult.train = { loss: evals.train };
    if (evals.valid.length) opts.evalsResult.valid = { loss: evals.valid };
  }
}

/** The samples whose label is finite (a NaN label would poison the loss). */
export function keepLabelled(s: Samples): Samples {
  let keep = 0;
  for (let i = 0; i < s.n; i++) if (Number.isFinite(s.y[i])) keep++;
  if (keep === s.n) return s;
  const x = new Float32Array(keep * s.width);
  const y = new Float32Array(keep);
  let k = 0;
  for (let i = 0; i < s.n; i++) {
    if (!Number.isFinite(s.y[i])) continue;
    x.set(s.x.subarray(i * s.width, (i + 1) * s.width), k * s.width);
    y[k++] = s.y[i];
  }
  return { n: keep, width: s.width, x, y };
}

/** Runs the network over all rows in chunks; returns one score per row. */
export function predictRows(model: tf.LayersModel, data: Omit<Samples, 'y'>, sampleShape: number[], chunk = 8192): Float32Array {
  const out = new Float32Array(data.n);
  const buf = new Float32Array(Math.min(chunk, Math.max(data.n, 1)) * data.width);
  for (let start = 0; start < data.n; start += chunk) {
    const b = Math.min(chunk, data.n - start);
    copyFinite(data.x, start * data.width, buf, 0, b * data.width);
    const res = tf.tidy(() => {
      const xs = tf.tensor(buf.subarray(0, b * data.width), [b, ...sampleShape]);
      // one call per chunk: predict() would otherwise split it into its default batches of 32 rows
      return (model.predict(xs, { batchSize: b }) as tf.Tensor).dataSync() as Float32Array;
    });
    out.set(res.subarray(0, b), start);
  }
  return out;
}

function copyFinite(src: Float32Array, from: number, dst: Float32Array, to: number, len: number): void {
  for (let i = 0; i < len; i++) {
    const v = src[from + i];
    dst[to + i] = v === v ? v : 0; // v !== v only for NaN
  }
}

function mse(pred: Float32Array, y: Float32Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (pred[i] - y[i]) ** 2;
  return s / Math.max(y.length, 1);
}
