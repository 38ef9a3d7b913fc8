import * as tf from '@tensorflow/tfjs';

/** Constructor args of {@link SeededDropout}. */
export interface SeededDropoutArgs {
  rate: number;
  seed: number;
  name?: string;
}

/**
 * Dropout whose masks are reproducible for a seed yet differ from step to step. tfjs's own
 * `tf.layers.dropout({seed})` draws the *same* mask on every call, and without a seed it uses
 * `Math.random`, so neither gives a deterministic fit that still regularises.
 */
export class SeededDropout extends tf.layers.Layer {
  static readonly className = 'RollqSeededDropout';
  readonly rate: number;
  readonly seed: number;
  #calls = 0;

  constructor(args: SeededDropoutArgs) {
    super({ name: args.name });
    this.rate = args.rate;
    this.seed = args.seed;
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!kwargs.training || this.rate <= 0) return x;
    const seed = (this.seed * 1_000_003 + this.#calls++) % 2_147_483_647;
    return tf.dropout(x, this.rate, undefined, seed);
  }

  /** Restarts the mask sequence, so two fits with one seed draw the same masks. */
  reset(): void {
    this.#calls = 0;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);
