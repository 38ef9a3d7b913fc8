import { resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { openRecorderStore, runWorkflow, validateTask, workflowExperiment } from '@rollq/workflow';
import { endProgress, renderProgress } from '../progress.js';
import { loadWorkflow, openProvider, recorderLocation } from './run-support.js';

/**
 * Registers `rollq run <workflow.yaml>` (Qlib's `qrun`, also installed as the `qrun` bin): validate the
 * whole file, train its task, run its records, print their tables on stdout and keep everything under
 * `<uri_folder>/<experiment>/<recorder>/`.
 */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run a Qlib workflow YAML (qrun): train the task, print and save its records')
    .argument('<workflow>', 'workflow YAML (Qlib qrun layout)')
    .option(
      '--experiment-name, --experiment_name <name>',
      'experiment to record into (default: the file\'s experiment_name, else "workflow")',
    )
    .option('--uri-folder, --uri_folder <dir>', "recorder store folder (Qlib's mlruns)", 'mlruns')
    .action(async (workflow, opts) => {
      const loaded = loadWorkflow(workflow);
      // everything that can be checked without data is checked before any feature is computed
      validateTask(loaded.config.task);
      const provider = await openProvider(loaded);
      const experiment = workflowExperiment(loaded.config, opts.experiment_name);
      const uri = resolve(opts.uri_folder);
      const store = await openRecorderStore(uri);
      const started = Date.now();
      const rec = await runWorkflow(loaded.config, {
        store,
        experiment,
        provider,
        report: (text) => {
          endProgress();
          process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
        },
        onProgress: renderProgress,
      });
      endProgress();
      process.stderr.write(
        `rollq: finished in ${((Date.now() - started) / 1000).toFixed(1)} s; recorder ${rec.id} of experiment "${experiment}": ${recorderLocation(store, experiment, rec.id)}\n`,
      );
    });
}
