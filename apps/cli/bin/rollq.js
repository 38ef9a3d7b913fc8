#!/usr/bin/env node
// Thin launcher: the CLI is built by tsup into dist/ (run `npm run setup` first). `rollq backtest` runs from
// dist/backtest.cjs, the command in one CommonJS file compiled from V8's code cache (load-bundle.js): ~40 ms
// sooner than loading its ES modules, on a command of a few hundred milliseconds. ROLLQ_BUNDLE=0 runs it from
// the ES modules like every other command (the two give the same output: apps/cli/src/backtest-bundle.test.ts).
import { fileURLToPath } from 'node:url';

const argv = process.argv;
let main;
if (argv[2] === 'backtest' && process.env.ROLLQ_BUNDLE !== '0') {
  const { loadBundle } = await import('./load-bundle.js');
  main = loadBundle(fileURLToPath(new URL('../dist/backtest.cjs', import.meta.url)))?.main;
}
main ??= (await import('../dist/main.js')).main;
main(argv).then((code) => {
  process.exitCode = code;
});
