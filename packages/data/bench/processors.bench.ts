/**
 * Processor / DataHandlerLP / DatasetH throughput on a synthetic Alpha158-shaped frame (158 features +
 * LABEL0), the Linear benchmark pipeline: infer [RobustZScoreNorm, Fillna], learn [DropnaLabel, CSRankNorm].
 * Run: npx tsx --conditions=@rollq/source bench/processors.bench.ts [instruments] [days]
 */
import { DataHandlerLP, DatasetH, defaultProcessorRegistry, type FeatureFrame, TSDatasetH } from '../src/index.js';

const nInst = Number(process.argv[2] ?? 300);
const nDays = Number(process.argv[3] ?? 500);
const nFeat = 158;

function syntheticFrame(): FeatureFrame {
  // mulberry32: a fixed-seed generator so every run benchmarks the same frame
  let seed = 0x9e3779b9;
  const rng = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const calendar = Array.from({ length: nDays }, (_, i) => new Date(Date.UTC(2015, 0, 1) + i * 86_400_000).toISOString().slice(0, 10));
  const n = nInst * nDays;
  const rowDate = new Int32Array(n);
  const rowInstrument = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    rowDate[r] = Math.floor(r / nInst);
    rowInstrument[r] = r % nInst;
  }
  const values = Array.from({ length: nFeat + 1 }, () => {
    const a = new Float64Array(n);
    for (let r = 0; r < n; r++) a[r] = rng() < 0.02 ? NaN : rng() * 2 - 1;
    return a;
  });
  const columns = [...Array.from({ length: nFeat }, (_, i) => `F${i}`), 'LABEL0'];
  return { columns, values, rowDate, rowInstrument, instruments: Array.from({ length: nInst }, (_, i) => `S${i}`), calendar };
}

function timed<T>(label: string, rows: number, fn: () => T): T {
  const t0 = performance.now();
  const out = fn();
  const ms = performance.now() - t0;
  results.push({
    step: label,
    rows,
    'wall ms': Math.round(ms),
    'Mcells/s': +((rows * (nFeat + 1)) / ms / 1000).toFixed(1),
    'peak RSS MB': Math.round(process.resourceUsage().maxRSS / 1024),
  });
  return out;
}
const results: Record<string, unknown>[] = [];

const frame = timed('synthesise frame', nInst * nDays, syntheticFrame);
const ctx = { labelColumns: new Set(['LABEL0']) };
const fitEnd = frame.calendar[Math.floor(nDays * 0.6)]!;
const reg = defaultProcessorRegistry();
for (const cls of ['RobustZScoreNorm', 'ZScoreNorm', 'CSRankNorm', 'CSZScoreNorm', 'Fillna', 'ProcessInf']) {
  const p = reg.create(
    { class: cls, kwargs: cls === 'ProcessInf' ? {} : { fields_group: 'feature' } },
    { fitStart: frame.calendar[0], fitEnd },
  );
  timed(`${cls} fit+transform`, frame.rowDate.length, () => {
    p.fit(frame, ctx);
    return p.transform(frame, ctx);
  });
}
const handler = timed(
  'DataHandlerLP (Linear pipeline)',
  frame.rowDate.length,
  () =>
    new DataHandlerLP({
      frame,
      labelColumns: ['LABEL0'],
      config: {
        infer_processors: [
          { class: 'RobustZScoreNorm', kwargs: { fields_group: 'feature' } },
          { class: 'Fillna', kwargs: { fields_group: 'feature' } },
        ],
        learn_processors: ['DropnaLabel', { class: 'CSRankNorm', kwargs: { fields_group: 'label' } }],
        fit_start_time: frame.calendar[0],
        fit_end_time: fitEnd,
      },
    }),
);
const segments = { train: [frame.calendar[0], fitEnd], test: [frame.calendar[Math.floor(nDays * 0.6) + 1], frame.calendar[nDays - 1]] };
const ds = new DatasetH(handler, segments);
const train = timed('DatasetH.prepare(train, learn)', 0, () => ds.prepare('train', 'learn'));
results[results.length - 1]!.rows = train.nRows;
const ts = new TSDatasetH(handler, segments, { step_len: 20 });
const seq = timed('TSDatasetH.prepare(test) step 20', 0, () => ts.prepare('test', 'infer'));
results[results.length - 1]!.rows = seq.nRows;
console.log(`processors bench: ${nInst} instruments × ${nDays} days × ${nFeat + 1} columns, node ${process.version}`);
console.table(results);
