import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type QlibProvider, readCalendarFile } from '@rollq/data';
import { RollingGen, type TaskConfig, TimeAdjuster, type WorkflowConfig } from '@rollq/rolling';
import { validateWorkflow } from '@rollq/workflow';
import { loadWorkflow, openProvider } from './run-support.js';

/** The work of `rollq rolling plan` (its options: ./rolling.ts), loaded when the command runs. */

/** `rollq rolling plan` options as commander hands them over, every value already checked. */
export interface PlanCommandOptions {
  step: number;
  rtype?: 'expanding' | 'sliding';
  trunc_days?: number;
  json?: boolean;
}

/** Runs `rollq rolling plan <workflow>`: the rolling tasks of the workflow on its data's calendar, as a table or JSON. */
export async function planAction(workflow: string, o: PlanCommandOptions): Promise<void> {
  const opts: PlanOptions = { step: o.step, rtype: o.rtype ?? 'expanding', truncDays: o.trunc_days ?? null, json: o.json ?? false };
  // same loading as `rollq run`: ${ROLLQ_US_DATA} defaults to .cache/us_qlib, imported on first use
  const loaded = loadWorkflow(workflow);
  // the model and record classes are checked as `rollq run` checks them (a typo fails here, not at training)
  validateWorkflow(loaded.config, { file: loaded.path });
  const tasks = planTasks(loaded.config, await openProvider(loaded), opts);
  process.stdout.write(opts.json ? `${JSON.stringify(tasks.map((t) => t.dataset.kwargs.segments))}\n` : formatPlan(tasks));
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
