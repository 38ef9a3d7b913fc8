// After the one-file build of `rollq backtest` (tsup.backtest.config.ts): routes the bundle's ES module imports
// through the loader, then writes its V8 code cache (dist/backtest.cjs.cache), which bin/load-bundle.js compiles
// it from. The cache is taken after a backtest on a small made-up data set in a temporary folder, so that it
// holds the bytecode of the functions a backtest runs, not only of the ones V8 compiles up front. It is tied to
// this Node and V8: the build writes it on the machine that runs it (npm run setup); a mismatch is only slower.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importCsv } from '@rollq/data';
import { writeFileAtomicSync } from '@rollq/data/node-fs';
import { compileBundle } from '../bin/load-bundle.js';

const bundle = fileURLToPath(new URL('../dist/backtest.cjs', import.meta.url));

/** `import("vega")` and `import("vega-lite")` (render.ts, for --png) become `importEsm(…)`; any other import() fails the build. */
function routeEsmImports(file) {
  const text = readFileSync(file, 'utf8');
  const routed = text.replace(/\bimport\("(vega|vega-lite)"\)/g, 'importEsm("$1")');
  const left = routed.match(/\bimport\([^)]*\)/g);
  if (left)
    throw new Error(`${file}: dynamic imports the loader does not route: ${left.join(', ')} (add them to scripts/backtest-bundle.mjs)`);
  if (routed !== text) writeFileAtomicSync(file, routed);
}

/**
 * A Qlib-format folder (`root`/qlib, written by rollq's importer from a made-up CSV) of 12 symbols and a benchmark
 * over 60 weekdays, and a predictions CSV for it (`root`/pred.csv).
 */
async function makeData(root) {
  const days = [];
  for (let t = Date.UTC(2021, 0, 4); days.length < 60; t += 86_400_000) {
    const d = new Date(t);
    if (d.getUTCDay() % 6 !== 0) days.push(d.toISOString().slice(0, 10));
  }
  const symbols = [...Array.from({ length: 12 }, (_, i) => `S${String(i).padStart(2, '0')}`), 'BENCH'];
  let seed = 1;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const quotes = ['date,open,close,volume,symbol'];
  for (const s of symbols) {
    let close = 50;
    for (const day of days) {
      const open = close;
      close *= 1 + (random() - 0.5) / 25;
      quotes.push(`${day},${open},${close},1000000,${s}`);
    }
  }
  writeFileSync(join(root, 'quotes.csv'), `${quotes.join('\n')}\n`);
  await importCsv({ csv: join(root, 'quotes.csv'), out: join(root, 'qlib') });
  const rows = ['datetime,instrument,score'];
  for (const day of days) for (const s of symbols.slice(0, -1)) rows.push(`${day},${s},${random() - 0.5}`);
  writeFileSync(join(root, 'pred.csv'), `${rows.join('\n')}\n`);
  return { days, provider: join(root, 'qlib') };
}

routeEsmImports(bundle);
const work = mkdtempSync(join(tmpdir(), 'rollq-backtest-bundle-'));
try {
  const { days, provider } = await makeData(work);
  const { script, run } = compileBundle(bundle);
  const { main } = run();
  const argv = ['node', 'rollq', 'backtest', '--provider', provider, '--pred', join(work, 'pred.csv'), '--region', 'us'];
  argv.push('--benchmark', 'BENCH', '--topk', '5', '--n-drop', '1', '--start', days[1], '--end', days.at(-3));
  argv.push('--json', join(work, 'out', 'm.json'), '--report', join(work, 'out', 'report'));
  // the backtest's lines are not the build's: kept out of its output, shown only if the run fails
  const said = [];
  const [out, err] = [process.stdout.write, process.stderr.write];
  process.stdout.write = process.stderr.write = (chunk) => said.push(String(chunk)) > 0;
  let code;
  try {
    code = await main(argv);
  } finally {
    [process.stdout.write, process.stderr.write] = [out, err];
  }
  if (code !== 0) throw new Error(`the warm-up backtest exited ${code}:\n${said.join('')}`);
  writeFileAtomicSync(`${bundle}.cache`, script.createCachedData());
  console.log(
    `${bundle}.cache: ${(readFileSync(`${bundle}.cache`).length / 1024).toFixed(0)} KB of bytecode for ${dirname(bundle)}/backtest.cjs`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
