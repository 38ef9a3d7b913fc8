import type { z } from 'zod';
import { RollingError } from '../errors.js';
import { type TaskConfig, taskSchema } from './task-schema.js';

/**
 * Validates a task object built in code (a workflow file goes through `loadWorkflowConfig`, which
 * reports positions). The input is never modified: the result is a fresh object.
 */
export function parseTask(value: unknown, what = 'task'): TaskConfig {
  const r = taskSchema.safeParse(value);
  if (r.success) return r.data;
  throw new RollingError('TASK_INVALID', `${what} is not a valid task:\n${formatIssues(r.error.issues)}`, {
    hint: 'a task is {model: {class, kwargs}, dataset: {class, kwargs: {handler, segments}}, record?}',
    details: { issues: r.error.issues },
  });
}

/** A deep copy of a task: generators hand out copies so no caller ever shares (or mutates) another's task. */
export function cloneTask(task: TaskConfig): TaskConfig {
  return structuredClone(task);
}

function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `  ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('\n');
}
