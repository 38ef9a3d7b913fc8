import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'node-fs': 'src/node-fs.ts', errors: 'src/errors-entry.ts' },
  format: ['esm'],
  dts: true,
  target: 'node20',
  clean: true,
  sourcemap: false,
});
