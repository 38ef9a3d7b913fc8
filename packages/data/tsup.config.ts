import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

const zodRuntime = fileURLToPath(new URL('./src/zod-runtime.ts', import.meta.url));

/**
 * Every `import … from 'zod'` of a data module other than src/zod-runtime.ts resolves to src/zod-runtime.ts: the
 * build holds one zod, the curated one, not a second full copy in the index chunk. A data module that imports
 * a zod name the runtime lacks fails the build ("No matching export").
 */
const zodToRuntime: Plugin = {
  name: 'zod-to-runtime',
  setup(build) {
    build.onResolve({ filter: /^zod$/ }, (args) => (args.importer === zodRuntime ? undefined : { path: zodRuntime }));
  },
};

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
