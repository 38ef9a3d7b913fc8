import { defineConfig } from 'tsup';
import { zodToRuntime } from './build/zod-to-runtime.js';

export default defineConfig({
  // the feature worker is its own file: each thread of computeFeaturesParallel loads it (src/features/parallel-features.ts)
  entry: {
    index: 'src/index.ts',
    'node-fs': 'src/node-fs.ts',
    errors: 'src/errors-entry.ts',
    provider: 'src/provider-entry.ts',
    // dist/zod.js is the curated zod (src/zod-runtime.ts: 215 KB, ~7 ms to load, where zod's whole namespace with
    // every locale is 755 KB and ~18 ms); dist/zod.d.ts stays zod's whole namespace (src/zod-entry.ts)
    zod: 'src/zod-runtime.ts',
    'feature-worker': 'src/features/feature-worker.ts',
  },
  format: ['esm'],
  dts: {
    entry: {
      index: 'src/index.ts',
      'node-fs': 'src/node-fs.ts',
      errors: 'src/errors-entry.ts',
      provider: 'src/provider-entry.ts',
      zod: 'src/zod-entry.ts',
      'feature-worker': 'src/features/feature-worker.ts',
    },
  },
  target: 'node20',
  clean: true,
  sourcemap: false,
  // zod bundled into this build instead of ~80 files of its package, and only the part rollq uses (src/zod-runtime.ts)
  noExternal: ['zod'],
  esbuildPlugins: [zodToRuntime],
});
