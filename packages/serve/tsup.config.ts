import { defineConfig } from 'tsup';

export default defineConfig({
  // the prediction worker is its own file: piscina loads it in each thread (src/state/predict-pool.ts)
  entry: { index: 'src/index.ts', 'predict-worker': 'src/state/predict-worker.ts' },
  format: ['esm'],
  dts: true,
  target: 'node20',
  clean: true,
  sourcemap: false,
});
