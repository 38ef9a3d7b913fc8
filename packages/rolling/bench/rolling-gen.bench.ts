/**
 * Rolling task generation speed: RollingGen over a 20-year weekday calendar (≈5,200 days) at several
 * steps, and a workflow YAML load. Run: `npm run bench -w @rollq/rolling`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Calendar } from '@rollq/data';
import { addDays, format, isWeekend, parseISO } from 'date-fns';
import { loadWorkflowConfig, parseTask, RollingGen, TimeAdjuster } from '../src/index.js';

function weekdays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = parseISO(from); format(d, 'yyyy-MM-dd') <= to; d = addDays(d, 1)) if (!isWeekend(d)) out.push(format(d, 'yyyy-MM-dd'));
  return out;
}

function time<T>(fn: () => T, reps: number): { ms: number; out: T } {
  fn(); // warm-up
  const t0 = performance.now();
  let out!: T;
  for (let i = 0; i < reps; i++) out = fn();
  return { ms: (performance.now() - t0) / reps, out };
}

const ta = new TimeAdjuster(new Calendar(weekdays('2005-01-01', '2024-12-31')));
const task = parseTask({
  model: { class: 'LGBModel', kwargs: { loss: 'mse', num_leaves: 210 } },
  dataset: {
    class: 'DatasetH',
    kwargs: {
      handler: { class: 'Alpha158', kwargs: { start_time: '2005-01-03', end_time: '2010-12-31', instruments: 'csi300' } },
      segments: { train: ['2005-01-04', '2008-12-31'], valid: ['2009-01-01', '2009-12-31'], test: ['2010-01-01', null] },
    },
  },
  record: [{ class: 'SignalRecord', kwargs: { model: '<MODEL>', dataset: '<DATASET>' } }],
});

const rows: Array<[string, string, string]> = [];
for (const step of [1, 5, 20, 60]) {
  for (const rtype of ['expanding', 'sliding'] as const) {
    const gen = new RollingGen(ta, { step, rtype, truncDays: 2 });
    const { ms, out } = time(() => gen.generate(task), step === 1 ? 3 : 20);
    rows.push([`RollingGen step=${step} ${rtype}`, String(out.length), ms.toFixed(2)]);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'rollq-bench-'));
const wf = join(dir, 'wf.yaml');
writeFileSync(
  wf,
  `qlib_init: { provider_uri: ./data, region: cn }
market: &market csi300
data_handler_config: &dh { start_time: 2008-01-01, end_time: 2020-08-01, fit_start_time: 2008-01-01, fit_end_time: 2014-12-31, instruments: *market }
task:
  model: { class: LGBModel, module_path: qlib.contrib.model.gbdt, kwargs: { loss: mse, learning_rate: 0.2 } }
  dataset:
    class: DatasetH
    kwargs:
      handler: { class: Alpha158, kwargs: *dh }
      segments: { train: [2008-01-01, 2014-12-31], valid: [2015-01-01, 2016-12-31], test: [2017-01-01, 2020-08-01] }
  record: [{ class: SignalRecord, kwargs: { model: <MODEL>, dataset: <DATASET> } }]
`,
);
const load = time(() => loadWorkflowConfig(wf), 50);
rows.push(['loadWorkflowConfig (Alpha158 LGB)', '1', load.ms.toFixed(2)]);
rmSync(dir, { recursive: true, force: true });

const header = ['case', 'tasks', 'ms / call'];
const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j]!.length)));
const line = (r: readonly string[]) => r.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  ');
console.log(`calendar: ${ta.length} days (${ta.calendar.first} .. ${ta.calendar.last})`);
console.log(line(header));
for (const r of rows) console.log(line(r));
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MiB`);
