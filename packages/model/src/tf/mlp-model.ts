import type { SequenceData, TabularData } from '@rollq/data';
import { z } from '@rollq/data/zod';
import * as tf from '@tensorflow/tfjs';
import { parseKwargs } from '../core/kwargs.js';
import { readSavedConfig } from '../core/saved-config.js';
import { ModelError } from '../errors.js';
import { SeededDropout } from './seeded-dropout.js';
import { glorot, makeOptimizer, TfModel } from './tf-model.js';
import type { LoopConfig, Samples } from './train-loop.js';

/** Kwargs of {@link MLPModel}: Qlib's `DNNModelPytorch` names and defaults. */
export const MLPKwargsSchema = z.strictObject({
  lr: z.number().positive().default(0.001).describe('learning rate (default 0.001)'),
  max_steps: z.int().positive().default(300).describe('training batches in all (default 300)'),
  batch_size: z.int().positive().default(2000).describe('rows per batch (default 2000)'),
  early_stop_rounds: z.int().min(0).default(50).describe('evaluations without a valid improvement before stopping, 0 = never (default 50)'),
  eval_steps: z.int().positive().default(20).describe('batches between two valid evaluations (default 20)'),
  optimizer: z.enum(['gd', 'sgd', 'adam']).default('gd').describe('"gd"/"sgd" or "adam" (default "gd", Qlib\'s)'),
  loss: z.literal('mse').default('mse').describe('only "mse" (default)'),
  weight_decay: z.number().min(0).default(0).describe('L2 penalty on the dense kernels (default 0)'),
  seed: z.int().nullable().default(null).describe('seed of weights, shuffles and dropout (default null = 0, so fits repeat)'),
  pt_model_kwargs: z
    .strictObject({
      input_dim: z.int().positive().optional().describe('checked against the data width when given'),
      layers: z.array(z.int().positive()).min(1).default([256]).describe('hidden layer sizes (default [256])'),
      act: z.literal('LeakyReLU').default('LeakyReLU').describe('activation (default LeakyReLU, slope 0.1)'),
    })
    .prefault({})
    .describe('network shape (Qlib Net: dropout 0.05 → [dense → batch norm → LeakyReLU]… → dropout 0.05 → dense 1)'),
  GPU: z.union([z.int(), z.string()]).optional().describe('accepted from Qlib configs; ignored'),
  scheduler: z.string().nullable().optional().describe('accepted from Qlib configs; ignored (no LR schedule)'),
  data_parallel: z.boolean().optional().describe('accepted from Qlib configs; ignored'),
  eval_train_metric: z.boolean().optional().describe('accepted from Qlib configs; train loss is always the running batch loss'),
  pt_model_uri: z.literal('qlib.contrib.model.pytorch_nn.Net').optional().describe("only Qlib's default Net"),
});
export type MLPKwargs = z.output<typeof MLPKwargsSchema>;

/**
 * Qlib's `DNNModelPytorch` (class names `DNNModelPytorch` / `MLP`) on TensorFlow.js: Qlib's `Net`
 * (input dropout 0.05, then dense → batch norm → LeakyReLU(0.1) per hidden layer, dropout 0.05, dense 1),
 * trained for `max_steps` batches with a valid evaluation every `eval_steps`, early stopping after
 * `early_stop_rounds` evaluations without improvement and the best weights restored.
 */
export class MLPModel extends TfModel<MLPKwargs> {
  readonly className = 'MLP';

  constructor(kwargs: unknown = {}) {
    super(parseKwargs('MLP', MLPKwargsSchema, kwargs));
  }

  protected toSamples(d: TabularData | SequenceData, segment: string): { samples: Samples; sampleShape: number[] } {
    if (d.kind !== 'tabular') {
      throw new ModelError('DATASET_UNSUPPORTED', `MLP needs tabular data but segment "${segment}" is ${d.kind}`, {
        hint: 'use a DatasetH (tabular) dataset for MLP',
      });
    }
    const want = this.sampleShape[0] ?? this.kwargs.pt_model_kwargs.input_dim;
    if (want !== undefined && want !== d.nFeatures) {
      throw new ModelError('DATASET_UNSUPPORTED', `MLP expects ${want} features but segment "${segment}" has ${d.nFeatures}`, {
        hint: "set pt_model_kwargs.input_dim to the handler's feature count, or use the handler the model was trained on",
      });
    }
    return { samples: { n: d.nRows, width: d.nFeatures, x: d.x, y: d.y }, sampleShape: [d.nFeatures] };
  }

  protected build(sampleShape: number[]): tf.LayersModel {
    const seed = this.kwargs.seed ?? 0;
    const reg = this.kwargs.weight_decay > 0 ? tf.regularizers.l2({ l2: this.kwargs.weight_decay / 2 }) : undefined;
    const layers: tf.layers.Layer[] = [new SeededDropout({ rate: 0.05, seed: seed + 1 })];
    this.kwargs.pt_model_kwargs.layers.forEach((units, i) => {
      layers.push(tf.layers.dense({ units, kernelInitializer: glorot(seed + 10 + i), kernelRegularizer: reg }));
      layers.push(tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }));
      layers.push(tf.layers.leakyReLU({ alpha: 0.1 }));
    });
    layers.push(new SeededDropout({ rate: 0.05, seed: seed + 2 }));
    layers.push(tf.layers.dense({ units: 1, kernelInitializer: glorot(seed + 3) }));
    const input = tf.input({ shape: sampleShape });
    let h: tf.SymbolicTensor = input;
    for (const l of layers) h = l.apply(h) as tf.SymbolicTensor;
    const net = tf.model({ inputs: input, outputs: h });
    net.compile({ optimizer: makeOptimizer(this.kwargs.optimizer, this.kwargs.lr), loss: 'meanSquaredError' });
    return net;
  }

  protected loopConfig(sampleShape: number[]): LoopConfig {
    const k = this.kwargs;
    return {
      className: this.className,
      sampleShape,
      unit: 'step',
      rounds: Math.ceil(k.max_steps / k.eval_steps),
      stepsPerRound: Math.min(k.eval_steps, k.max_steps),
      batchSize: k.batch_size,
      earlyStop: k.early_stop_rounds,
      seed: k.seed ?? 0,
    };
  }

  /** Loads a model written by `save`. */
  static async load(dir: string): Promise<MLPModel> {
    const cfg = await readSavedConfig(dir);
    return new MLPModel(cfg.kwargs).restore(dir);
  }
}
