import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, Option } from '@commander-js/extra-typings';
import { type QlibProvider, readCalendarFile } from '@rollq/data';
import { RollingGen, type TaskConfig, TimeAdjuster, type WorkflowConfig } from '@rollq/rolling';
import { integerAtLeast, parseStep } from './option-parsers.js';
import { registerRollingRun } from './rolling-run.js';
import { loadWorkflow, openProvider } from './run-support.js';

/**
 * Registers `rollq rolling` and its `plan` subcommand. `rolling run` (training every task) belongs to
 * the integration layer and is attached in the marked section below, on the same `rolling` command.
 */
export function registerRolling(program: Command): void {
  const rolling = program
    .command('rolling')
    .description("Qlib-style rolling retraining: plan the tasks of a workflow's rolling windows, or run them");

  rolling
    .command('plan')
    .description('print the rolling tasks (train / valid / test segments) a workflow generates, without training')
    .argument('<workflow>', 'workflow YAML (Qlib qrun layout); its qlib_init.provider_uri gives the calendar')
    .option('--step <n>', 'trading days per rolling test window', parseStep, 20)
    .addOption(
      new Option('--rtype <type>', 'expanding keeps the train start, sliding moves it (default: expanding)').choices([
        'expanding',
        'sliding',
      ] as const),
    )
    .option(
      '--trunc-days, --trunc_days <n>',
      'trading days between train/valid ends and the test start (default: none)',
      integerAtLeast('--trunc-days', 0),
    )
    .option('--json', 'print [{"train":[start,end],"valid":[…],"test":[start,end|null]}, …]')
    .action(async (workflow, o) => {
      const opts: PlanOptions = { step: o.step, rtype: o.rtype ?? 'expanding', truncDays: o.trunc_days ?? null, json: o.json ?? false };
      // same loading as `rollq run`: ${ROLLQ_US_DATA} defaults to .cache/us_qlib, imported on first use
      const loaded = loadWorkflow(workflow);
      const tasks = planTasks(loaded.config, await openProvider(loaded), opts);
      process.stdout.write(opts.json ? `${JSON.stringify(tasks.map((t) => t.dataset.kwargs.segments))}\n` : formatPlan(tasks));
    });

  // ---- `rollq rolling run` (train every task, merge, evaluate): see ./rolling-run.ts ----------------
  registerRollingRun(rolling);
}

/** `rollq rolling plan` settings (the values are checked by the option parsers). */
interface PlanOptions {
  step: number;
  rtype: 'expanding' | 'sliding';
  truncDays: number | null;
  json: boolean;
}

/**
 * The rolling tasks of a workflow's task template on the calendar of its data. As Qlib's
 * `TimeAdjuster(future=True)`, `calendars/day_future.txt` is used when present, while an open test end
 * still stops at the last day of the current data (`day.txt`).
 */
function planTasks(config: WorkflowConfig, provider: QlibProvider, opts: PlanOptions): TaskConfig[] {
  const current = provider.calendar;
  const futurePath = join(provider.root, 'calendars', 'day_future.txt');
  const ta = new TimeAdjuster(existsSync(futurePath) ? readCalendarFile(futurePath) : current);
  return new RollingGen(ta, { step: opts.step, rtype: opts.rtype, truncDays: opts.truncDays, lastDate: current.last }).generate(
    config.task,
  );
}

/** A fixed-width table: index, then one column per segment (`start .. end`, an open end shown as `…`). */
function formatPlan(tasks: readonly TaskConfig[]): string {
  const keys = [...new Set(tasks.flatMap((t) => Object.keys(t.dataset.kwargs.segments)))];
  const cell = (seg: readonly [string | null, string | null] | undefined) => (seg ? `${seg[0] ?? '…'} .. ${seg[1] ?? '…'}` : '');
  const rows = [['#', ...keys], ...tasks.map((t, i) => [String(i), ...keys.map((k) => cell(t.dataset.kwargs.segments[k]))])];
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, j) => (j === 0 ? c.padStart(widths[j]!) : c.padEnd(widths[j]!)))
      .join('  ')
      .trimEnd();
  return `${[line(rows[0]!), ...rows.slice(1).map(line)].join('\n')}\n${tasks.length} task${tasks.length === 1 ? '' : 's'}\n`;
}
