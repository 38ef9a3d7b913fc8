// After the one-file build of `rollq backtest` (tsup.backtest.config.ts): routes the bundle's ES module imports
// through the loader, then writes its V8 code cache (dist/backtest.cjs.cache), which bin/load-bundle.js compiles
// it from. The cache is taken after a backtest on a small made-up data set in a temporary folder, so that it
// holds the bytecode of the functions a backtest runs, not only of the ones V8 compiles up front. It is tied to
// this Node and V8: the build writes it on the machine that runs it (npm run setup); a mismatch is only slower.
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileBundle } from '../bin/load-bundle.js';

const bundle = fileURLToPath(new URL('../dist/backtest.cjs', import.meta.url));

/** `import("vega")` and `import("vega-lite")` (render.ts, for --png) become `importEsm(…)`; any other import() fails the build. */
function routeEsmImports(file) {
  const text = readFileSync(file, 'utf8');
  const routed = text.replace(/\bimport\("(vega|vega-lite)"\)/g, 'importEsm("$1")');
  const left = routed.match(/\bimport\([^)]*\)/g);
  if (left)
    throw new Error(`${file}: dynamic imports the loader does not route: ${left.join(', ')} (add them to scripts/backtest-bundle.mjs)`);
  if (routed !== text) writeAtomic(file, routed);
}

function writeAtomic(file, data) {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/** A Qlib-format folder of 12 symbols and a benchmark over 60 weekdays, and a predictions CSV for it. */
function makeData(root) {
  const days = [];
  for (let t = Date.UTC(2021, 0, 4); days.length < 60; t += 86_400_000) {
    const d = new Date(t);
    if (d.getUTCDay() % 6 !== 0) days.push(d.toISOString().slice(0, 10));
  }
  mkdirSync(join(root, 'calendars'), { recursive: true });
  writeFileSync(join(root, 'calendars', 'day.txt'), `${days.join('\n')}\n`);
  const symbols = [...Array.from({ length: 12 }, (_, i) => `S${String(i).padStart(2, '0')}`), 'BENCH'];
  mkdirSync(join(root, 'instruments'), { recursive: true });
  writeFileSync(join(root, 'instruments', 'all.txt'), symbols.map((s) => `${s}\t${days[0]}\t${days.at(-1)}\n`).join(''));
  let seed = 1;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const rows = ['datetime,instrument,score'];
  for (const s of symbols) {
    const close = new Float32Array(days.length + 1);
    const volume = new Float32Array(days.length + 1).fill(1e6);
    close[0] = volume[0] = 0; // element 0: the start position
    for (let d = 1, c = 50; d <= days.length; d++) close[d] = c *= 1 + (random() - 0.5) / 25;
    mkdirSync(join(root, 'features', s.toLowerCase()), { recursive: true });
    writeFileSync(join(root, 'features', s.toLowerCase(), 'close.day.bin'), close);
    writeFileSync(join(root, 'features', s.toLowerCase(), 'volume.day.bin'), volume);
  }
  for (const day of days) for (const s of symbols.slice(0, -1)) rows.push(`${day},${s},${random() - 0.5}`);
  writeFileSync(join(root, 'pred.csv'), `${rows.join('\n')}\n`);
  return { days };
}

routeEsmImports(bundle);
const work = mkdtempSync(join(tmpdir(), 'rollq-backtest-bundle-'));
try {
  const { days } = makeData(work);
  const { script, run } = compileBundle(bundle);
  const { main } = run();
  const argv = [
    'node',
    'rollq',
    'backtest',
    '--provider',
    work,
    '--pred',
    join(work, 'pred.csv'),
    '--region',
    'us',
    '--benchmark',
    'BENCH',
  ];
  argv.push(
    '--topk',
    '5',
    '--n-drop',
    '1',
    '--start',
    days[1],
    '--end',
    days.at(-3),
    '--json',
    join(work, 'out', 'm.json'),
    '--report',
    join(work, 'out', 'report'),
  );
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
  writeAtomic(`${bundle}.cache`, script.createCachedData());
  console.log(
    `${bundle}.cache: ${(readFileSync(`${bundle}.cache`).length / 1024).toFixed(0)} KB of bytecode for ${dirname(bundle)}/backtest.cjs`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
