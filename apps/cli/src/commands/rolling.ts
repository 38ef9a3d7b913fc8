import { type Command, Option } from '@commander-js/extra-typings';
import { integerAtLeast, parseStep } from './option-parsers.js';
import { registerRollingRun } from './rolling-run.js';

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
    .action(async (workflow, o) => (await import('./rolling-action.js')).planAction(workflow, o));

  // ---- `rollq rolling run` (train every task, merge, evaluate): see ./rolling-run.ts ----------------
  registerRollingRun(rolling);
}
