import type { Command } from '@commander-js/extra-typings';
import { outputDir } from './option-parsers.js';

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
    .option('--uri-folder, --uri_folder <dir>', "recorder store folder (Qlib's mlruns)", outputDir('--uri-folder'), 'mlruns')
    .action(async (workflow, opts) => (await import('./run-action.js')).runAction(workflow, opts));
}
