/**
 * Benchmark of the directory recorder store: recorder creation, listing with a task filter, tag resets,
 * prediction save / load (Arrow vs CSV) and the prediction updater's daily append.
 * Run: `npx tsx --conditions=@rollq/source bench/recorder-store.bench.ts [recorders=200] [instruments=500] [days=250]`
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectoryRecorderStore } from '@rollq/workflow';
import { table } from 'arquero';
// Direct module imports keep the bench independent of unrelated parts of the package barrel.
import { OnlineTool } from '../src/online-tool/online-tool.js';

const [nRec = 200, nInst = 500, nDays = 250] = process.argv.slice(2).map(Number);
const rows: { op: string; n: number; ms: string; perItem: string; note: string; maxRssMiB: string }[] = [];

async function timed<T>(op: string, n: number, fn: () => Promise<T>, note: (r: T) => string = () => ''): Promise<T> {
  const t0 = performance.now();
  const r = await fn();
  const ms = performance.now() - t0;
  rows.push({
    op,
    n,
    ms: ms.toFixed(1),
    perItem: (ms / n).toFixed(3),
    note: note(r),
    maxRssMiB: (process.resourceUsage().maxRSS / 1024).toFixed(0),
  });
  process.stderr.write(`done: ${op}\n`);
  return r;
}

/** A prediction panel for `days` business days from 2020-01-01 × `inst` instruments, deterministic scores. */
function panel(firstDay: number, days: number, inst: number) {
  const n = days * inst;
  const datetime = new Array<string>(n);
  const instrument = new Array<string>(n);
  const score = new Float64Array(n);
  const base = Date.UTC(2020, 0, 1);
  for (let d = 0; d < days; d++) {
    const iso = new Date(base + (firstDay + d) * 86_400_000).toISOString().slice(0, 10);
    for (let i = 0; i < inst; i++) {
      const k = d * inst + i;
      datetime[k] = iso;
      instrument[k] = `SYM${String(i).padStart(4, '0')}`;
      score[k] = Math.sin(k * 12.9898) * 0.05;
    }
  }
  return table({ datetime, instrument, score });
}

const root = await mkdtemp(join(tmpdir(), 'rollq-bench-store-'));
try {
  const store = new DirectoryRecorderStore(root);
  const classes = ['GBDT', 'MLP', 'Linear', 'GRU'];
  const recs = await timed('createRecorder (sequential)', nRec, async () => {
    const out = [];
    for (let i = 0; i < nRec; i++) out.push(await store.createRecorder('bench', { task: { model: { class: classes[i % 4] }, index: i } }));
    return out;
  });
  await timed('createRecorder (Promise.all)', nRec, () => Promise.all(Array.from({ length: nRec }, () => store.createRecorder('burst'))));
  await timed(
    'listRecorders where task.model.class',
    1,
    () => store.listRecorders('bench', { where: { 'task.model.class': 'GBDT' } }),
    (r) => `${r.length} of ${nRec} match`,
  );
  const tool = new OnlineTool(store, { defaultExperiment: 'bench' });
  await timed('resetOnlineTag (first: tags all)', nRec, () => tool.resetOnlineTag(recs.slice(0, 2)));
  await timed('resetOnlineTag (swap 2 models)', nRec, () => tool.resetOnlineTag(recs.slice(2, 4)));
  await timed(
    'onlineModels',
    1,
    () => tool.onlineModels(),
    (r) => `${r.length} online`,
  );

  const full = panel(0, nDays, nInst);
  const id = recs[0].id;
  const dir = join(root, 'bench', id, 'artifacts');
  await timed('savePredictions arrow', full.numRows(), () => store.savePredictions(id, 'pred', full));
  rows.at(-1)!.note = `${((await stat(join(dir, 'pred.arrow'))).size / 1e6).toFixed(2)} MB`;
  await timed('loadPredictions arrow', full.numRows(), () => store.loadPredictions(id, 'pred'));
  await timed(
    'appendPredictions +1 day (arrow)',
    nInst,
    () => store.appendPredictions(id, 'pred', panel(nDays - 5, 6, nInst)),
    (r) => `added ${r.added}, total ${r.total}`,
  );
  await timed(
    'appendPredictions nothing new',
    nInst,
    () => store.appendPredictions(id, 'pred', panel(nDays - 5, 6, nInst)),
    (r) => `added ${r.added}`,
  );
  const id2 = recs[1].id;
  await timed('savePredictions csv', full.numRows(), () => store.savePredictions(id2, 'pred', full, 'csv'));
  rows.at(-1)!.note = `${((await stat(join(root, 'bench', id2, 'artifacts', 'pred.csv'))).size / 1e6).toFixed(2)} MB`;
  await timed('loadPredictions csv', full.numRows(), () => store.loadPredictions(id2, 'pred'));
  await timed(
    'appendPredictions +1 day (csv)',
    nInst,
    () => store.appendPredictions(id2, 'pred', panel(nDays - 5, 6, nInst)),
    (r) => `added ${r.added}`,
  );
} finally {
  await rm(root, { recursive: true, force: true });
}
console.log(`DirectoryRecorderStore: ${nRec} recorders, predictions ${nInst} instruments x ${nDays} days (${tmpdir()})`);
console.table(rows);
