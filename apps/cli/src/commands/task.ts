import { type Command, Option, type OptionValues } from '@commander-js/extra-typings';
import { duration, mongoUrl, nonEmpty } from './option-parsers.js';

/** Adds subcommand `name` to `parent` with `--mongo <url> --pool <name>`, the pool every `rollq task` / `rollq worker` command works on. */
export function poolCommand(parent: Command, name: string, description: string) {
  return parent
    .command(name)
    .description(description)
    .requiredOption('--mongo <url>', 'MongoDB server of the task pool (mongodb://HOST:PORT/DATABASE)', mongoUrl('--mongo'))
    .requiredOption('--pool <name>', 'task pool (letters, digits, _ and -; one collection)', nonEmpty('--pool'));
}

/**
 * Registers `rollq task` (Qlib's `python -m qlib.workflow.task.manage`): counts per status, the tasks, wait
 * until none is waiting or running, return failed or stuck tasks to waiting, drop a pool.
 */
export function registerTask(program: Command): void {
  const task = program.command('task').description("inspect and manage a MongoDB task pool (Qlib's TaskManager)");

  poolCommand(task, 'stat', 'count the tasks per status (waiting, running, done, part_done, failed)')
    .option('--json', 'print JSON')
    .action(async (o) => (await import('./task-action.js')).taskStatAction(o));

  poolCommand(task, 'list', 'the tasks in fetch order: id, status, priority, attempts, worker, lease left, test segment, recorder, error')
    .addOption(
      new Option('--status <status>', 'only tasks in this status').choices(['waiting', 'running', 'done', 'part_done', 'failed'] as const),
    )
    .option('--json', 'print JSON (the whole documents, task definitions parsed)')
    .action(async (o) => (await import('./task-action.js')).taskListAction(o));

  poolCommand(task, 'wait', 'wait until no task is waiting, running or part_done (polls; progress on stderr)')
    .addOption(
      new Option('--poll <duration>', 'time between two looks (e.g. 10s, as Qlib)').argParser(duration('--poll')).default(2000, '2s'),
    )
    .option('--json', 'print the final counts as JSON')
    .action(async (o) => (await import('./task-action.js')).taskWaitAction(o));

  poolCommand(task, 'reset', 'return failed tasks and running tasks whose lease expired to waiting (fresh attempts)')
    .option('--running', 'also take tasks whose workers still hold a live lease (their commits are then refused)')
    .option('--json', 'print JSON')
    .action(async (o) => (await import('./task-action.js')).taskResetAction(o));

  poolCommand(task, 'drop', 'remove the pool: every task and its settings (recorders stay in their store)')
    .option('--json', 'print JSON')
    .action(async (o) => (await import('./task-action.js')).taskDropAction(o));
}

/**
 * Adds the options of a command that drives a task pool (`rolling run`, `online init|routine|simulate`):
 * `--mongo`, `--pool`, `--no-local-worker`, `--lease`.
 */
// biome-ignore lint/suspicious/noExplicitAny: commander's argument tuple is any[] in its own typings
export function poolDriverOptions<Args extends any[], Opts extends OptionValues>(cmd: Command<Args, Opts>) {
  return cmd
    .option(
      '--mongo <url>',
      "put the tasks in a MongoDB task pool (Qlib's TrainerRM); their models go to the MongoDB store there",
      mongoUrl('--mongo'),
    )
    .option('--pool <name>', 'task pool of --mongo (workers: rollq worker --mongo <url> --pool <name>)', nonEmpty('--pool'))
    .option('--no-local-worker', 'with --mongo: only rollq worker processes train (Qlib skip_run_task=True); this one waits')
    .addOption(
      new Option('--lease <duration>', 'with --mongo: lease of the tasks this process trains (5s, 2m, 1h)')
        .argParser(duration('--lease'))
        .default(60_000, '60s'),
    );
}
