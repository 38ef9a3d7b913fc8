import { defineConfig } from 'tsup';
import { zodToRuntime } from '../../packages/data/build/zod-to-runtime.js';

/**
 * dist/backtest.cjs: `rollq backtest` as one CommonJS file, bundled from the sources of the CLI and the packages it
 * needs (@rollq/backtest, @rollq/data's provider, errors and file helpers, commander, the curated zod). bin/rollq.js
 * runs it for that command from V8's code cache (scripts/code-cache.mjs writes dist/backtest.cjs.cache after this
 * build): one file compiled from its cache starts ~40 ms sooner than ~15 ES modules resolved, read and compiled one
 * by one, on a command that takes a few hundred milliseconds. vega and vega-lite (the --png renderer, ES modules)
 * and resvg (a native addon) stay outside and load on first use, as in the package builds.
 */
export default defineConfig({
  entry: { backtest: 'src/backtest-main.ts' },
  format: ['cjs'],
  outExtension: () => ({ js: '.cjs' }),
  platform: 'node',
  target: 'node20',
  // the first build (tsup.config.ts) has just written dist/: keep it
  clean: false,
  dts: false,
  sourcemap: false,
  splitting: false,
  // import.meta.url of the bundled modules (render.ts's createRequire) becomes this file's URL
  shims: true,
  noExternal: [/^(?!vega$|vega-lite$|@resvg\/resvg-js$)/],
  external: ['vega', 'vega-lite', '@resvg/resvg-js'],
  esbuildPlugins: [zodToRuntime],
  // the workspace packages from their sources (package.json "@rollq/source"), not their dist: one build of each module
  esbuildOptions(options) {
    options.conditions = ['@rollq/source'];
  },
});
