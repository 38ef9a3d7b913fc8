import { resolve } from 'node:path';
import { type Command, Option } from '@commander-js/extra-typings';
import { openRecorderStore, runRollingWorkflow, validateTask, workflowExperiment } from '@rollq/workflow';
import { endProgress, renderProgress } from '../progress.js';
import { integerAtLeast, parseStep } from './option-parsers.js';
import { loadWorkflow, openProvider, recorderLocation } from './run-support.js';

/**
 * Adds `rollq rolling run <workflow.yaml>` to the `rolling` command: train every rolling task of the
 * workflow (Qlib's `qlib.contrib.rolling`), merge their predictions (later model wins on overlap) and
 * report IC and the backtest of the merged signal with the same tables as `rollq run`.
 */
export function registerRollingRun(rolling: Command): void {
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
    .option('--uri-folder, --uri_folder <dir>', "recorder store folder (Qlib's mlruns)", 'mlruns')
    .action(async (workflow, opts) => {
      const loaded = loadWorkflow(workflow);
      validateTask(loaded.config.task);
      const provider = await openProvider(loaded);
      const experiment = workflowExperiment(loaded.config, opts.experiment_name);
      const uri = resolve(opts.uri_folder);
      const store = await openRecorderStore(uri);
      const started = Date.now();
      const { models, merged } = await runRollingWorkflow(loaded.config, {
        store,
        experiment,
        provider,
        rolling: { step: opts.step, rtype: opts.rtype, truncDays: opts.trunc_days ?? null },
        report: (text) => {
          endProgress();
          process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
        },
        onProgress: renderProgress,
      });
      endProgress();
      process.stderr.write(
        `rollq: ${models.length} rolling models in experiment "${experiment}_rolling_models"; finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
          `Your evaluation results can be found in the experiment named "${experiment}": ${recorderLocation(store, experiment, merged.id)}\n`,
      );
    });
}
