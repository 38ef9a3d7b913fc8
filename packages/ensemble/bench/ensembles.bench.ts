/**
 * Ensemble speed on a realistic panel: 500 instruments x 1,250 days (625k prediction rows per
 * strategy). rollingEnsemble merges 25 overlapping rolling windows (step 50, each predicting 60
 * days); averageEnsemble and weightedBlend fuse 2 strategies. Run: `npm run bench -w @rollq/ensemble`.
 */
import * as aq from 'arquero';
import seedrandom from 'seedrandom';
import { averageEnsemble, type PredictionTable, rollingEnsemble, weightedBlend } from '../src/index.js';

const N_INST = 500;
const N_DAYS = 1250;
const rng = seedrandom('rollq-ensemble-bench');
const days = Array.from({ length: N_DAYS }, (_, i) => new Date(Date.UTC(2015, 0, 1) + i * 86_400_000).toISOString().slice(0, 10));
const insts = Array.from({ length: N_INST }, (_, i) => `S${String(i).padStart(4, '0')}`);

function panel(d0: number, d1: number): PredictionTable {
  const n = (d1 - d0) * N_INST;
  const datetime = new Array<string>(n);
  const instrument = new Array<string>(n);
  const score = new Float64Array(n);
  let k = 0;
  for (let d = d0; d < d1; d++) {
    for (let s = 0; s < N_INST; s++, k++) {
      datetime[k] = days[d]!;
      instrument[k] = insts[s]!;
      score[k] = rng() - 0.5;
    }
  }
  return aq.table({ datetime, instrument, score });
}

function time(name: string, rowsIn: number, fn: () => PredictionTable): [string, string, string, string] {
  const t0 = performance.now();
  const out = fn();
  const ms = performance.now() - t0;
  return [name, String(rowsIn), String(out.numRows()), ms.toFixed(0)];
}

const windows: Record<string, PredictionTable> = {};
let rollingRows = 0;
for (let s = 0; s < N_DAYS; s += 50) {
  const t = panel(s, Math.min(N_DAYS, s + 60));
  rollingRows += t.numRows();
  windows[days[s]!] = t;
}
const a = panel(0, N_DAYS);
const b = panel(0, N_DAYS);

const rows = [
  time('rollingEnsemble (25 windows)', rollingRows, () => rollingEnsemble(windows)),
  time('averageEnsemble (2 strategies)', 2 * a.numRows(), () => averageEnsemble({ a, b })),
  time('weightedBlend (2 strategies)', 2 * a.numRows(), () => weightedBlend({ a: { table: a, weight: 2 }, b: { table: b, weight: 1 } })),
];
const header = ['case', 'rows in', 'rows out', 'wall ms'];
const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j]!.length)));
const line = (r: readonly string[]) => r.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  ');
console.log(line(header));
for (const r of rows) console.log(line(r));
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MiB`);
