// Runs a one-file CommonJS build of a command (dist/<name>.cjs, see tsup.backtest.config.ts) from V8's code cache
// (dist/<name>.cjs.cache, written by scripts/backtest-bundle.mjs at build time): the file is compiled as one
// vm.Script whose cached bytecode V8 takes instead of parsing and compiling its functions again. A cache that
// V8 rejects (another Node version, other V8 flags) costs only the compile it would have saved.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import vm from 'node:vm';

/**
 * The wrapper's parameters: Node's CommonJS ones, and `importEsm`, through which the bundle imports ES modules
 * (vega for `--png`). A dynamic `import()` inside a vm.Script needs an experimental loader option;
 * scripts/backtest-bundle.mjs rewrites the bundle's few `import(…)` calls into `importEsm(…)`.
 */
const PARAMS = 'exports, require, module, __filename, __dirname, importEsm';
const importEsm = (specifier) => import(specifier);

/** The vm.Script of `file` (given its code cache when one is there) and a function that runs it, returning its exports. */
export function compileBundle(file, cachedData) {
  const script = new vm.Script(`(function (${PARAMS}) {${readFileSync(file, 'utf8')}\n})`, { filename: file, cachedData });
  const run = () => {
    const module = { exports: {} };
    script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file), importEsm);
    return module.exports;
  };
  return { script, run };
}

/** The exports of `file` run from its code cache (`file`.cache, when there), or null when the file is missing. */
export function loadBundle(file) {
  if (!existsSync(file)) return null;
  const cache = `${file}.cache`;
  const { script, run } = compileBundle(file, existsSync(cache) ? readFileSync(cache) : undefined);
  if (process.env.ROLLQ_BUNDLE_REPORT)
    process.stderr.write(`rollq: ${file}: code cache ${script.cachedDataRejected === false ? 'used' : 'not used'}\n`);
  return run();
}
