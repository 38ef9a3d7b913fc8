import type { SequenceData, TabularData } from '@rollq/data';
import { z } from '@rollq/data/zod';
import * as tf from '@tensorflow/tfjs';
import { parseKwargs } from '../core/kwargs.js';
import { readSavedConfig } from '../core/saved-config.js';
import { ModelError } from '../errors.js';
import { SeededDropout } from './seeded-dropout.js';
import { glorot, makeOptimizer, TfModel } from './tf-model.js';
import type { LoopConfig, Samples } from './train-loop.js';

/** Kwargs of {@link RNNModel} (GRU / LSTM): Qlib's `GRU` / `LSTM` names and defaults. */
export const RNNKwargsSchema = z.strictObject({
  d_feat: z.int().positive().default(6).describe('features per time step (default 6); must match the data'),
  hidden_size: z.int().positive().default(64).describe('units per recurrent layer (default 64)'),
  num_layers: z.int().positive().default(2).describe('stacked recurrent layers (default 2)'),
  dropout: z.number().min(0).max(1).default(0).describe('dropout between recurrent layers (default 0)'),
  n_epochs: z.int().positive().default(200).describe('most training epochs (default 200)'),
  lr: z.number().positive().default(0.001).describe('Adam learning rate (default 0.001)'),
  metric: z.enum(['', 'loss']).default('').describe('early-stopping metric: valid MSE ("" or "loss", default "")'),
  batch_size: z.int().positive().default(2000).describe('samples per batch (default 2000)'),
  early_stop: z.int().min(0).default(20).describe('epochs without a valid improvement before stopping, 0 = never (default 20)'),
  loss: z.literal('mse').default('mse').describe('only "mse" (default)'),
  optimizer: z.enum(['adam', 'gd', 'sgd']).default('adam').describe('"adam" (default) or "gd"/"sgd"'),
  seed: z.int().nullable().default(null).describe('seed of weights, shuffles and dropout (default null = 0, so fits repeat)'),
  GPU: z.union([z.int(), z.string()]).optional().describe('accepted from Qlib configs; ignored'),
  n_jobs: z.int().optional().describe('accepted from Qlib configs; ignored'),
});
export type RNNKwargs = z.output<typeof RNNKwargsSchema>;

/**
 * Qlib's `GRU` and `LSTM` models on TensorFlow.js: `num_layers` stacked recurrent layers of
 * `hidden_size` units (dropout between them), a dense output on the last step's state, Adam on MSE, one
 * valid evaluation per epoch, early stopping after `early_stop` epochs and the best weights restored.
 *
 * Input: sequence data (Qlib's TSDatasetH, `[stepLen, nFeatures]` per sample, `d_feat` = nFeatures), or
 * tabular data whose `d_feat × T` columns are reshaped as Qlib's DatasetH variant does (Alpha360:
 * `x.reshape(n, d_feat, T).transpose` → step t, feature f is column `f·T + t`).
 */
export class RNNModel extends TfModel<RNNKwargs> {
  readonly className: 'GRU' | 'LSTM';

  constructor(cell: 'GRU' | 'LSTM', kwargs: unknown = {}) {
    super(parseKwargs(cell, RNNKwargsSchema, kwargs));
    this.className = cell;
  }

  protected toSamples(d: TabularData | SequenceData, segment: string): { samples: Samples; sampleShape: number[] } {
    const f = this.kwargs.d_feat;
    if (d.kind === 'sequence') {
      if (d.nFeatures !== f) {
        throw new ModelError(
          'DATASET_UNSUPPORTED',
          `${this.className}: d_feat is ${f} but segment "${segment}" has ${d.nFeatures} features per step`,
          {
            hint: `set d_feat: ${d.nFeatures} in the model kwargs`,
          },
        );
      }
      return { samples: { n: d.nRows, width: d.stepLen * f, x: d.x, y: d.y }, sampleShape: [d.stepLen, f] };
    }
    if (d.nFeatures % f !== 0) {
      throw new ModelError(
        'DATASET_UNSUPPORTED',
        `${this.className}: ${d.nFeatures} tabular features do not split into steps of d_feat=${f}`,
        {
          hint: 'use a TSDatasetH (sequence) dataset, or set d_feat to a divisor of the feature count (6 for Alpha360)',
        },
      );
    }
    const steps = d.nFeatures / f;
    const x = new Float32Array(d.x.length);
    for (let i = 0; i < d.nRows; i++) {
      const off = i * d.nFeatures;
      for (let t = 0; t < steps; t++) for (let k = 0; k < f; k++) x[off + t * f + k] = d.x[off + k * steps + t];
    }
    return { samples: { n: d.nRows, width: d.nFeatures, x, y: d.y }, sampleShape: [steps, f] };
  }

  protected build(sampleShape: number[]): tf.LayersModel {
    const k = this.kwargs;
    const seed = k.seed ?? 0;
    const input = tf.input({ shape: sampleShape });
    let h: tf.SymbolicTensor = input;
    for (let i = 0; i < k.num_layers; i++) {
      const args = {
        units: k.hidden_size,
        returnSequences: i < k.num_layers - 1,
        kernelInitializer: glorot(seed + 10 + i),
        recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 20 + i }),
      };
      h = (this.className === 'GRU' ? tf.layers.gru(args) : tf.layers.lstm(args)).apply(h) as tf.SymbolicTensor;
      // PyTorch's multi-layer RNN applies dropout to every layer's output except the last.
      if (k.dropout > 0 && i < k.num_layers - 1)
        h = new SeededDropout({ rate: k.dropout, seed: seed + 30 + i }).apply(h) as tf.SymbolicTensor;
    }
    h = tf.layers.dense({ units: 1, kernelInitializer: glorot(seed + 3) }).apply(h) as tf.SymbolicTensor;
    const net = tf.model({ inputs: input, outputs: h });
    net.compile({ optimizer: makeOptimizer(k.optimizer, k.lr), loss: 'meanSquaredError' });
    return net;
  }

  protected loopConfig(sampleShape: number[]): LoopConfig {
    const k = this.kwargs;
    return {
      className: this.className,
      sampleShape,
      unit: 'epoch',
      rounds: k.n_epochs,
      batchSize: k.batch_size,
      earlyStop: k.early_stop,
      seed: k.seed ?? 0,
    };
  }

  /** Loads a GRU / LSTM written by `save`. */
  static async load(dir: string): Promise<RNNModel> {
    const cfg = await readSavedConfig(dir);
    if (cfg.className !== 'GRU' && cfg.className !== 'LSTM') {
      throw new ModelError('MODEL_FILE_INVALID', `${dir} holds a ${cfg.className}, not a GRU / LSTM`, {
        hint: 'load it with loadModel(dir)',
      });
    }
    return new RNNModel(cfg.className, cfg.kwargs).restore(dir);
  }
}
