import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  // each command's action is loaded with `await import('./…-action.js')` when it runs: code splitting emits
  // those modules as chunks beside main.js (dist/*.js, all shipped by package.json `files`), so start-up
  // (`--help`, a bad option) loads only the command definitions
  splitting: true,
  dts: false,
  target: 'node20',
  clean: true,
  sourcemap: false,
});
