import { type Command, Option } from '@commander-js/extra-typings';
import { integerAtLeast, outputDir, parseStep } from './option-parsers.js';
import { poolDriverOptions } from './task.js';

/**
 * Adds `rollq rolling run <workflow.yaml>` to the `rolling` command: train every rolling task of the
 * workflow (Qlib's `qlib.contrib.rolling`), merge their predictions (later model wins on overlap) and
 * report IC and the backtest of the merged signal with the same tables as `rollq run`.
 */
export function registerRollingRun(rolling: Command): void {
  poolDriverOptions(
    rolling
      .command('run')
      .description('train every rolling task of a workflow, merge the predictions, report IC and the backtest')
      .argument('<workflow>', 'workflow YAML (Qlib qrun layout)')
      .option('--step <n>', 'trading days per rolling test window', parseStep, 20)
      .addOption(
        new Option('--rtype <type>', 'expanding keeps the train start, sliding moves it')
          .choices(['expanding', 'sliding'] as const)
          .default('expanding' as const),
      )
      .option(
        '--trunc-days, --trunc_days <n>',
        'gap (trading days) between train/valid ends and the test start (default: none)',
        integerAtLeast('--trunc-days', 0),
      )
      .option(
        '--experiment-name, --experiment_name <name>',
        'experiment of the merged result (default: the file\'s experiment_name, else "workflow")',
      )
      .option('--uri-folder, --uri_folder <dir>', "recorder store folder (Qlib's mlruns)", outputDir('--uri-folder'), 'mlruns'),
  ).action(async (workflow, opts) => (await import('./rolling-run-action.js')).rollingRunAction(workflow, opts));
}
