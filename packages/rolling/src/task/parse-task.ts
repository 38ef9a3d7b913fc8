import { formatIssues, parseOrThrow } from '@rollq/data';
import { RollingError } from '../errors.js';
import { type TaskConfig, taskSchema } from './task-schema.js';

/**
 * Validates a task object built in code (a workflow file goes through `loadWorkflowConfig`, which
 * reports positions). The input is never modified: the result is a fresh object.
 */
export function parseTask(value: unknown, what = 'task'): TaskConfig {
  return parseOrThrow(taskSchema, value, {
    errorClass: RollingError,
    code: 'TASK_INVALID',
    what: `${what} is not a valid task`,
    hint: 'a task is {model: {class, kwargs}, dataset: {class, kwargs: {handler, segments}}, record?}',
    message: (issues) => `${what} is not a valid task:\n  ${formatIssues(issues, { separator: '\n  ' })}`,
  });
}

/** A deep copy of a task: generators hand out copies so no caller ever shares (or mutates) another's task. */
export function cloneTask(task: TaskConfig): TaskConfig {
  return structuredClone(task);
}
