/**
 * One routine day with 2 strategies on the shipped US data (sp500 market), after first_train, when no
 * retraining is due: wall time and peak RSS. Both strategies use Alpha158 on sp500, so a routine computes
 * the new day's features once (plus lookback) and blends only the days it adds to the signals.
 * Run: npm run bench -w @rollq/online
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { QlibProvider } from '@rollq/data';
import type { TaskConfig } from '@rollq/rolling';
import { usQlibDir } from '@rollq/tools';
import { OnlineManager } from '../src/index.js';
import { smallGbdtTask } from '../src/testing/index.js';

function template(depth: number): TaskConfig {
  return smallGbdtTask({ instruments: 'sp500', rounds: 20, depth, threads: 2 });
}

const provider = await QlibProvider.open(await usQlibDir());
const dir = mkdtempSync(join(tmpdir(), 'rollq-routine-bench-'));
const rows: Array<[string, number, number, number]> = [];
const mb = () => process.resourceUsage().maxRSS / 1024;
// CPU time (user + system) next to wall time: on a shared machine the wall time includes waiting for a core
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let t = 0;
let c = 0;
const start = () => {
  t = performance.now();
  c = cpuMs();
};
const row = (name: string) => rows.push([name, performance.now() - t, cpuMs() - c, mb()]);
try {
  start();
  const m = await OnlineManager.init(
    dir,
    {
      strategies: [
        { name: 'gbdt_d3', template: [template(3)], rolling: { step: 20 } },
        { name: 'gbdt_d6', template: [template(6)], rolling: { step: 20 } },
      ],
      beginTime: '2016-10-31',
      region: 'us',
    },
    { provider, warn: () => {} },
  );
  row('first_train (2 strategies, 4 models)');
  start();
  await m.routine('2016-11-01');
  row('routine 2016-11-01 (no retraining due)');
  start();
  await m.routine('2016-11-02');
  row('routine 2016-11-02 (no retraining due)');
  start();
  const fresh = await OnlineManager.open(dir, { provider, warn: () => {} });
  await fresh.routine('2016-11-03');
  row('open state.json + routine 2016-11-03');
  const s = await fresh.getSignals();
  console.log(`signals: ${s?.numRows()} rows`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
// the machine may be shared: the load average tells how much of the wall time is waiting for a core
console.log(`load average (1 min): ${loadavg()[0]!.toFixed(2)}`);
console.log('| step | wall (ms) | CPU (ms) | peak RSS (MB) |\n|---|---:|---:|---:|');
for (const [name, ms, cpu, rss] of rows) console.log(`| ${name} | ${ms.toFixed(0)} | ${cpu.toFixed(0)} | ${rss.toFixed(0)} |`);
