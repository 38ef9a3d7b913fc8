/**
 * A child process for backend-compare.test.ts: trains one seeded MLP and one seeded GRU on fixed synthetic
 * data on the backend `ROLLQ_TF_BACKEND` names, and writes their test predictions (float64, MLP then GRU)
 * to the file given as the only argument. Prints the backend it ran on, as JSON, on stdout.
 *
 *   ROLLQ_TF_BACKEND=wasm node --import tsx --conditions=@rollq/source predict-on-backend.script.ts out.bin
 */
import { writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { InMemoryDataset, syntheticSequence, syntheticTabular } from '../testing/index.js';
import { ensureTfBackend } from './backend.js';
import { MLPModel } from './mlp-model.js';
import { RNNModel } from './rnn-model.js';

const out = process.argv[2];
if (!out) throw new Error('usage: predict-on-backend.script.ts <out.bin>');
const backend = await ensureTfBackend();

const tab = new InMemoryDataset({
  train: syntheticTabular({ nRows: 2000, nFeatures: 16, seed: 11 }),
  valid: syntheticTabular({ nRows: 400, nFeatures: 16, seed: 12 }),
  test: syntheticTabular({ nRows: 500, nFeatures: 16, seed: 13 }),
});
// Plain gradient descent: Adam's first steps move every weight by ±lr whatever its gradient's size, so the
// biases in front of batch norm (whose exact gradient is 0, so only rounding noise is left) take steps of
// opposite sign on the two backends and the predictions differ by ~1e-3 after one step.
const mlp = new MLPModel({
  optimizer: 'gd',
  lr: 0.05,
  batch_size: 250,
  max_steps: 40,
  eval_steps: 20,
  early_stop_rounds: 0,
  pt_model_kwargs: { layers: [64, 32] },
  seed: 5,
});
await mlp.fit(tab);
const mlpPred = mlp.predict(tab);

const seq = new InMemoryDataset({
  train: syntheticSequence({ nRows: 600, nFeatures: 3, stepLen: 6, seed: 21 }),
  valid: syntheticSequence({ nRows: 200, nFeatures: 3, stepLen: 6, seed: 22 }),
  test: syntheticSequence({ nRows: 300, nFeatures: 3, stepLen: 6, seed: 23 }),
});
const gru = new RNNModel('GRU', {
  d_feat: 3,
  hidden_size: 16,
  num_layers: 1,
  n_epochs: 2,
  lr: 0.01,
  batch_size: 100,
  early_stop: 0,
  seed: 3,
});
await gru.fit(seq);
const gruPred = gru.predict(seq);

const all = new Float64Array(mlpPred.length + gruPred.length);
all.set(mlpPred);
all.set(gruPred, mlpPred.length);
writeFileSync(out, all);
process.stdout.write(`${JSON.stringify({ backend, active: tf.getBackend(), mlp: mlpPred.length, gru: gruPred.length })}\n`);
