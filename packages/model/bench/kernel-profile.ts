/**
 * Where a training step spends its kernel time on the chosen tfjs backend (wasm with the BatchMatMul fix
 * unless ROLLQ_TF_BACKEND says otherwise): one `tf.profile` of a batch for the MLP (Qlib Net, 158 → 256 →
 * 128 → 1, batch 2048) and for a GRU / LSTM (2 × 64 units, 20 steps × 20 features, batch 800). Prints
 * the top kernels, to spot ones that need an override like BatchMatMul's.
 *
 *   npx tsx --conditions=@rollq/source packages/model/bench/kernel-profile.ts
 */
import * as tf from '@tensorflow/tfjs';
import { createModel, ensureTfBackend, setTfBackendLog } from '../src/index.js';
import { InMemoryDataset, syntheticSequence, syntheticTabular } from '../src/testing/index.js';

setTfBackendLog((m) => process.stderr.write(`[rollq/model] ${m}\n`));
await ensureTfBackend();
const cases = [
  {
    name: 'MLP',
    cfg: {
      class: 'MLP',
      kwargs: { optimizer: 'adam', batch_size: 2048, max_steps: 1, eval_steps: 1, pt_model_kwargs: { layers: [256, 128] } },
    },
    data: () => syntheticTabular({ nRows: 2048, nFeatures: 158, seed: 1 }),
  },
  {
    name: 'GRU',
    cfg: { class: 'GRU', kwargs: { d_feat: 20, n_epochs: 1, batch_size: 800 } },
    data: () => syntheticSequence({ nRows: 800, nFeatures: 20, stepLen: 20, seed: 1 }),
  },
  {
    name: 'LSTM',
    cfg: { class: 'LSTM', kwargs: { d_feat: 20, n_epochs: 1, batch_size: 800 } },
    data: () => syntheticSequence({ nRows: 800, nFeatures: 20, stepLen: 20, seed: 1 }),
  },
];
for (const c of cases) {
  const ds = new InMemoryDataset({ train: c.data() });
  const model = createModel(c.cfg);
  await model.fit(ds); // warm-up: kernels compiled, weights allocated
  const t = performance.now();
  const prof = await tf.profile(() => model.fit(ds) as unknown as tf.TensorContainer);
  const wall = performance.now() - t;
  const agg = new Map<string, { ms: number; calls: number }>();
  for (const k of prof.kernels) {
    const e = agg.get(k.name) ?? { ms: 0, calls: 0 };
    e.ms += Number(k.kernelTimeMs) || 0;
    e.calls++;
    agg.set(k.name, e);
  }
  const total = [...agg.values()].reduce((s, e) => s + e.ms, 0);
  console.log(`\n${c.name}: one fit of one batch, wall ${wall.toFixed(0)} ms (profiled), kernel time ${total.toFixed(0)} ms`);
  console.log('| kernel | ms | share | calls |\n|---|---|---|---|');
  for (const [name, e] of [...agg].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8)) {
    console.log(`| ${name} | ${e.ms.toFixed(1)} | ${((100 * e.ms) / total).toFixed(0)}% | ${e.calls} |`);
  }
  model.dispose();
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}
