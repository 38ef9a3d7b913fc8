/**
 * Checks, on real data, that the rolling run's shared handler gives every task the matrices its own handler
 * gives: for each rolling task of a workflow YAML, the train / valid matrices (learn view), the test matrix
 * (infer view), labels, row index and fitted processor state from `defaultTaskComponents({ sharedHandler })`
 * are compared bit for bit with the task's own handler computed from scratch (features and processors for
 * that task alone, what Qlib's per-task handler holds).
 * Prints one row per task and exits 1 on any difference.
 * Run: npx tsx --conditions=@rollq/source packages/workflow/bench/shared-handler-check.ts <workflow.yaml> [step]
 * (the YAML's {{ VAR }} placeholders are filled from the environment, e.g. CN_DATA=/tmp/anchors/cn_qlib).
 */
import { QlibProvider, type TabularData } from '@rollq/data';
import { loadWorkflowConfig, RollingGen, TimeAdjuster, taskGenerator } from '@rollq/rolling';
import { defaultTaskComponents, SharedHandlerSlot } from '../src/index.js';

const [yamlPath, stepArg] = process.argv.slice(2);
if (!yamlPath) {
  console.error('usage: shared-handler-check.ts <workflow.yaml> [step]');
  process.exit(2);
}
const { config } = loadWorkflowConfig(yamlPath, { env: process.env });
const provider = await QlibProvider.open(String(config.qlib_init.provider_uri));
const gen = new RollingGen(new TimeAdjuster(provider.calendar), { step: Number(stepArg ?? 60), rtype: 'expanding', truncDays: null });
const tasks = taskGenerator({ ...config.task, record: [] }, gen);
const ends = tasks.map((t) => String((t.dataset.kwargs.handler as { kwargs: { end_time: string } }).kwargs.end_time));
const shared = new SharedHandlerSlot(ends.reduce((a, b) => (a > b ? a : b)));
const viaShared = defaultTaskComponents({ sharedHandler: shared });
const plain = defaultTaskComponents();

/** Whether two typed arrays hold the same bits (NaN equal to NaN). */
function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function sameMatrices(a: TabularData, b: TabularData): boolean {
  return (
    a.nRows === b.nRows &&
    a.nFeatures === b.nFeatures &&
    sameBits(a.x, b.x) &&
    sameBits(a.y, b.y) &&
    sameBits(a.index.rowDate, b.index.rowDate) &&
    a.index.rowInstrument.every((k, r) => a.index.instruments[k] === b.index.instruments[b.index.rowInstrument[r]!])
  );
}

let failed = false;
const rows: Array<Record<string, string | number>> = [];
for (const [i, task] of tasks.entries()) {
  const a = await plain.buildDataset(task.dataset, provider);
  const b = await viaShared.buildDataset(task.dataset, provider);
  const row: Record<string, string | number> = { task: i + 1, end: ends[i]! };
  for (const [segment, view] of [
    ['train', 'learn'],
    ['valid', 'learn'],
    ['test', 'infer'],
  ] as const) {
    const ma = a.prepare(segment, view) as TabularData;
    const mb = b.prepare(segment, view) as TabularData;
    const same = sameMatrices(ma, mb);
    failed ||= !same;
    row[`${segment} rows`] = ma.nRows;
    row[segment] = same ? 'identical' : 'DIFFERENT';
  }
  const state = JSON.stringify(a.stateJson?.()) === JSON.stringify(b.stateJson?.());
  failed ||= !state;
  row['processor state'] = state ? 'identical' : 'DIFFERENT';
  rows.push(row);
}
console.table(rows);
process.exit(failed ? 1 : 0);
