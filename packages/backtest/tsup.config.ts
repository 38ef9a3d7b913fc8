import { defineConfig } from 'tsup';

export default defineConfig({
  // tables: the arquero tables, apart so that the index loads no arquero
  entry: { index: 'src/index.ts', tables: 'src/tables-entry.ts' },
  format: ['esm'],
  dts: true,
  target: 'node20',
  clean: true,
  sourcemap: false,
  // vega and vega-lite (with their vega-* and d3-* packages) go into the chunk that render.ts loads on the
  // first chart: one file instead of ~150 modules to resolve and read halves their loading time (~90 ms)
  noExternal: ['vega', 'vega-lite'],
  splitting: true,
});
