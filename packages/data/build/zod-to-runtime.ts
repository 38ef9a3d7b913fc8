import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

/** src/zod-runtime.ts of @rollq/data: the zod values rollq uses, and nothing else. */
export const zodRuntime = fileURLToPath(new URL('../src/zod-runtime.ts', import.meta.url));

/**
 * An esbuild plugin for builds that bundle zod: every `zod` import (and `@rollq/data/zod`, whose source entry is
 * zod's whole namespace) resolves to src/zod-runtime.ts, except that module's own: the build holds one zod, the
 * curated one (215 KB instead of 755 KB with every locale). A module that imports a zod name the runtime lacks
 * fails the build ("No matching export"). Used by @rollq/data's build and by the CLI's one-file backtest build.
 */
export const zodToRuntime: Plugin = {
  name: 'zod-to-runtime',
  setup(build) {
    build.onResolve({ filter: /^(zod|@rollq\/data\/zod)$/ }, (args) =>
      args.importer === zodRuntime && args.path === 'zod' ? undefined : { path: zodRuntime },
    );
  },
};
