import type { Command } from '@commander-js/extra-typings';
import { nonEmpty, outputFile } from './option-parsers.js';

/**
 * Registers `rollq recorder`: list the recorders of a store (Qlib's mlruns) and export a recorder's
 * prediction artifact (`pred.arrow` of a `rollq run`) as a CSV that `rollq backtest --pred` reads.
 */
export function registerRecorder(program: Command): void {
  const recorder = program.command('recorder').description('list the recorders of a store and export their predictions as CSV');

  recorder
    .command('list')
    .description('recorders newest first: id, experiment, status, model class, test segment')
    .requiredOption('--uri-folder, --uri_folder <store>', "recorder store (Qlib's mlruns folder)", nonEmpty('--uri-folder'))
    .option('--experiment <name>', 'only this experiment (default: every experiment)', nonEmpty('--experiment'))
    .option('--json', 'print JSON instead of a table')
    .action(async (o) => (await import('./recorder-action.js')).recorderListAction(o));

  recorder
    .command('export')
    .description("write a recorder's predictions (datetime,instrument,score…) as CSV")
    .requiredOption('--uri-folder, --uri_folder <store>', "recorder store (Qlib's mlruns folder)", nonEmpty('--uri-folder'))
    .option('--experiment <name>', 'experiment of the recorder (default: every experiment)', nonEmpty('--experiment'))
    .option('--recorder <id>', 'recorder id, or latest: the newest FINISHED one', nonEmpty('--recorder'), 'latest')
    .option('--artifact <name>', 'prediction artifact', nonEmpty('--artifact'), 'pred')
    .requiredOption('--out <file.csv>', 'CSV file to write', outputFile('--out'))
    .action(async (o) => (await import('./recorder-action.js')).recorderExportAction(o));
}
