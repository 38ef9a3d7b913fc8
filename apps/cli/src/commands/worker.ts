import { type Command, Option } from '@commander-js/extra-typings';
import { duration, integerAtLeast, nonEmpty } from './option-parsers.js';
import { poolCommand } from './task.js';

/**
 * Registers `rollq worker` (Qlib's `run_task` / `TrainerRM.worker`): fetch a task of the pool, train it, store
 * the recorder, commit, repeat; a lease renewed while it trains lets another worker take over a crashed
 * one's task. The pool knows the data folder and store its tasks need (written by the driver); `--data` and
 * `--store` override them on a machine where they live elsewhere.
 */
export function registerWorker(program: Command): void {
  poolCommand(program, 'worker', 'train the tasks of a MongoDB task pool (one log line per task); SIGTERM stops cleanly')
    .option('--concurrency <n>', 'tasks trained at once in this process', integerAtLeast('--concurrency', 1), 1)
    .option('--exit-when-empty', 'exit when no task is waiting or running (default: keep polling)')
    .addOption(
      new Option('--lease <duration>', 'lease of a task, renewed every third of it (5s, 2m, 1h, or ms)')
        .argParser(duration('--lease'))
        .default(60_000, '60s'),
    )
    .option('--max-attempts <n>', 'failures (errors or expired leases) before a task is failed', integerAtLeast('--max-attempts', 1), 3)
    .addOption(
      new Option('--grace <duration>', 'after SIGTERM, time a running task gets to finish before it is returned to the pool')
        .argParser(duration('--grace'))
        .default(30_000, '30s'),
    )
    .option('--data <dir>', 'Qlib data folder (default: the one the pool records)', nonEmpty('--data'))
    .option('--store <location>', 'recorder store, folder or mongodb:// URL (default: the one the pool records)', nonEmpty('--store'))
    .option('--end-train', "work on part_done tasks (DelayTrainerRM's end_train) instead of waiting ones")
    .action(async (o) => (await import('./worker-action.js')).workerAction(o));
}
