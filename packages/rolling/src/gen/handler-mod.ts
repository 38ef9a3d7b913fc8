import { cloneTask } from '../task/parse-task.js';
import type { TaskConfig } from '../task/task-schema.js';
import type { TimeAdjuster } from '../time-adjuster/time-adjuster.js';

/** What a dataset hook needs from the generator that calls it. */
export interface RollingContext {
  readonly ta: TimeAdjuster;
  readonly testKey: string;
}

/**
 * Hook run on every generated task after its segments are set (Qlib's `ds_extra_mod_func`). It gets
 * a private copy and returns the task to use; it must not keep references to it.
 */
export type DatasetModFunc = (task: TaskConfig, ctx: RollingContext) => TaskConfig;

/**
 * Qlib's default hook `handler_mod` (post-0.9.7 rule, PR #2068): extends the handler's `end_time` to
 * the test end when the handler would stop earlier, and sets it to `null` ("load until the latest
 * data") when the test end is open. The end is never shortened; `start_time` and the fit range are
 * untouched; a string handler (`file://…`) or a handler whose `end_time` is `null` with a bounded test
 * end is left alone (Qlib swallows the TypeError it gets there).
 */
export const handlerMod: DatasetModFunc = (task, ctx) => {
  const handler = task.dataset.kwargs.handler;
  if (typeof handler === 'string') return task;
  const test = task.dataset.kwargs.segments[ctx.testKey];
  if (!test) return task;
  const tEnd = test[1];
  const hEnd = handler.kwargs.end_time ?? null;
  let newEnd: string | null | undefined;
  if (tEnd === null) newEnd = null;
  else if (hEnd !== null && ctx.ta.calInterval(hEnd, tEnd) < 0) newEnd = tEnd;
  if (newEnd === undefined) return task;
  const out = cloneTask(task);
  const h = out.dataset.kwargs.handler;
  if (typeof h !== 'string') h.kwargs.end_time = newEnd;
  return out;
};
