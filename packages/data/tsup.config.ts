import { defineConfig } from 'tsup';

export default defineConfig({
  // the feature worker is its own file: each thread of computeFeaturesParallel loads it (src/features/parallel-features.ts)
  entry: {
    index: 'src/index.ts',
    'node-fs': 'src/node-fs.ts',
    errors: 'src/errors-entry.ts',
    provider: 'src/provider-entry.ts',
    zod: 'src/zod-entry.ts',
    'feature-worker': 'src/features/feature-worker.ts',
  },
  format: ['esm'],
  dts: true,
  target: 'node20',
  clean: true,
  sourcemap: false,
  // zod in one chunk of this build instead of ~80 files of its package: half its loading time (src/zod-entry.ts)
  noExternal: ['zod'],
});
