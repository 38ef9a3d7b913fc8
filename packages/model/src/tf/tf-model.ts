import type { ModelDataset, SequenceData, TabularData } from '@rollq/data';
import * as tf from '@tensorflow/tfjs';
import type { FitOptions, Model } from '../core/model.js';
import { trimNativeHeap } from '../core/native-heap.js';
import { readSavedConfig, writeSavedConfig } from '../core/saved-config.js';
import { assertFitted, assertNotEmpty, hasSegment, throwIfAborted } from '../core/segment-data.js';
import { ensureTfBackend } from './backend.js';
import { loadLayersModel, saveLayersModel, TF_TOPOLOGY_FILE, TF_WEIGHTS_FILE } from './tf-io.js';
import { keepLabelled, type LoopConfig, predictRows, type Samples, trainLoop } from './train-loop.js';

/**
 * Shared body of the TensorFlow.js models: subclasses say how to turn a segment into samples, how to
 * build the network and how their Qlib kwargs map onto the training loop; this class fits, predicts
 * and persists (`rollq-model.json` + `model.json` + `weights.bin`).
 */
export abstract class TfModel<K extends Record<string, unknown>> implements Model {
  abstract readonly className: string;
  readonly kwargs: K;
  protected net: tf.LayersModel | null = null;
  /** Per-sample input shape the network was built for. */
  protected sampleShape: number[] = [];

  protected constructor(kwargs: K) {
    this.kwargs = kwargs;
  }

  get fitted(): boolean {
    return this.net !== null;
  }

  /** Turns a prepared segment into samples (values per row + the network's per-sample shape). */
  protected abstract toSamples(d: TabularData | SequenceData, segment: string): { samples: Samples; sampleShape: number[] };
  /** Builds and compiles a fresh network for `sampleShape`. */
  protected abstract build(sampleShape: number[]): tf.LayersModel;
  /** Maps the kwargs onto the training loop. */
  protected abstract loopConfig(sampleShape: number[], nTrain: number): LoopConfig;

  async fit(dataset: ModelDataset, opts: FitOptions = {}): Promise<void> {
    await ensureTfBackend();
    const train = this.toSamples(dataset.prepare('train', 'learn'), 'train');
    const t = keepLabelled(train.samples);
    assertNotEmpty({ ...t, nRows: t.n }, this.className, 'train');
    const v = hasSegment(dataset, 'valid') ? keepLabelled(this.toSamples(dataset.prepare('valid', 'learn'), 'valid').samples) : null;
    throwIfAborted(opts.signal, this.className);
    this.dispose();
    const net = this.build(train.sampleShape);
    try {
      await trainLoop(net, t, v, this.loopConfig(train.sampleShape, t.n), opts);
    } catch (e) {
      net.dispose();
      throw e;
    } finally {
      trimNativeHeap(); // the batches' tensors were freed in TensorFlow's thread arenas
    }
    this.net = net;
    this.sampleShape = train.sampleShape;
  }

  predict(dataset: ModelDataset, segment = 'test'): Float64Array {
    assertFitted(this.fitted, this.className, 'predict');
    const { samples } = this.toSamples(dataset.prepare(segment, 'infer'), segment);
    return Float64Array.from(predictRows(this.net!, samples, this.sampleShape));
  }

  async save(dir: string): Promise<void> {
    assertFitted(this.fitted, this.className, 'save');
    await saveLayersModel(this.net!, dir);
    await writeSavedConfig(dir, {
      className: this.className,
      kwargs: this.kwargs,
      state: { sampleShape: this.sampleShape, topology: TF_TOPOLOGY_FILE, weights: TF_WEIGHTS_FILE },
    });
  }

  /** Restores the network saved in `dir` into this (freshly constructed) model. */
  protected async restore(dir: string): Promise<this> {
    await ensureTfBackend();
    const cfg = await readSavedConfig(dir);
    this.net = await loadLayersModel(dir);
    this.sampleShape = (cfg.state.sampleShape as number[]) ?? [];
    return this;
  }

  dispose(): void {
    this.net?.dispose();
    this.net = null;
  }
}

/** Seeded Glorot-uniform initializer: tfjs's default initializers draw from an unseeded generator. */
export function glorot(seed: number): ReturnType<typeof tf.initializers.glorotUniform> {
  return tf.initializers.glorotUniform({ seed });
}

/** The optimizer Qlib's `optimizer` kwarg names (`adam`, or `gd` / `sgd`). */
export function makeOptimizer(name: string, lr: number): tf.Optimizer {
  return name === 'adam' ? tf.train.adam(lr) : tf.train.sgd(lr);
}
