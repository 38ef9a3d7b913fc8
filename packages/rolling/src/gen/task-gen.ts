import type { TaskConfig } from '../task/task-schema.js';

/**
 * Qlib's `TaskGen`: expands one task template into a list of tasks. Implementations never modify the
 * template; every returned task is a fresh deep copy.
 */
export interface TaskGen {
  generate(task: TaskConfig): TaskConfig[];
}

/**
 * Applies generators one after another (Qlib's `task_generator`): each generator expands every task
 * the previous one produced. The output is grouped by input task, in input order, so templates
 * `a, b, c` with generators ×2 and ×3 give 18 tasks.
 *
 * @example
 * ```ts
 * // every rolling window of the GBDT template, then every one of the MLP template
 * const tasks = taskGenerator([gbdtTask, mlpTask], new RollingGen(new TimeAdjuster(calendar), { step: 60 }));
 * ```
 */
export function taskGenerator(tasks: TaskConfig | readonly TaskConfig[], generators: TaskGen | readonly TaskGen[]): TaskConfig[] {
  let out: TaskConfig[] = Array.isArray(tasks) ? [...(tasks as readonly TaskConfig[])] : [tasks as TaskConfig];
  const gens: readonly TaskGen[] = Array.isArray(generators) ? (generators as readonly TaskGen[]) : [generators as TaskGen];
  for (const gen of gens) out = out.flatMap((t) => gen.generate(t));
  return out;
}
