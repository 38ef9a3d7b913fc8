/**
 * The rolling run of the shipped US example workflow (Alpha158 on sp500, LGBModel, Qlib's benchmark kwargs):
 * every rolling task trained, predictions merged, evaluation records replayed — what `rollq rolling run`
 * does. Prints tasks, wall and CPU time, tasks per minute and peak RSS per step.
 * Run: npm run bench -w @rollq/workflow [-- step ...]   (default steps: 120 60)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { QlibProvider } from '@rollq/data';
import { loadWorkflowConfig } from '@rollq/rolling';
import { repoRoot, usQlibDir } from '@rollq/tools';
import { DirectoryRecorderStore, runRollingWorkflow } from '../src/index.js';

const steps = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
const data = await usQlibDir();
const loaded = loadWorkflowConfig(join(repoRoot(), 'apps/cli/examples/workflow_config_gbdt_Alpha158_us.yaml'), {
  env: { ...process.env, ROLLQ_US_DATA: data },
});
const provider = await QlibProvider.open(data);
const rows: Array<Record<string, string | number>> = [];
for (const step of steps.length ? steps : [120, 60]) {
  const dir = mkdtempSync(join(tmpdir(), 'rollq-rolling-bench-'));
  try {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const { models } = await runRollingWorkflow(loaded.config, {
      store: new DirectoryRecorderStore(dir),
      provider,
      rolling: { step, rtype: 'expanding', truncDays: null },
      report: () => {},
      onProgress: (p) => {
        if (p.kind === 'task') process.stderr.write(`step ${step}: task ${p.index} of ${p.total}\n`);
      },
    });
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    rows.push({
      step,
      tasks: models.length,
      'wall s': wall.toFixed(1),
      'CPU s': ((cpu.user + cpu.system) / 1e6).toFixed(1),
      'tasks/min': ((models.length / wall) * 60).toFixed(2),
      'peak RSS MiB': (process.resourceUsage().maxRSS / 1024).toFixed(0),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`rolling run of the US GBDT example (load average ${loadavg()[0]!.toFixed(1)}; peak RSS is the process's so far)`);
console.table(rows);
