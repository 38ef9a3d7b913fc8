import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts', 'mongo/index': 'src/mongo/index.ts' },
  format: ['esm'],
  dts: true,
  target: 'node20',
  clean: true,
  sourcemap: false,
  external: ['vitest'],
});
