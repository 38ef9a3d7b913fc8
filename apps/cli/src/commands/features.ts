import type { Command } from '@commander-js/extra-typings';
import { instrumentsSpec, isoDay, outputFile } from './option-parsers.js';

/** Registers `rollq features`: compute a handler's features to CSV, raw or through its infer processors. */
export function registerFeatures(program: Command): void {
  program
    .command('features')
    .description('Compute handler features (and LABEL0) for a date range and write them as CSV')
    .requiredOption('--provider <dir>', 'Qlib data directory')
    .requiredOption('--handler <name>', 'Alpha158, Alpha360, or a .yaml feature list')
    .requiredOption('--instruments <spec>', 'market name (csi300, all) or comma-separated symbols', instrumentsSpec)
    .requiredOption('--start <date>', 'first date (ISO)', isoDay('--start'))
    .requiredOption('--end <date>', 'last date (ISO)', isoDay('--end'))
    .requiredOption('--out <file>', 'CSV file to write (atomically)', outputFile('--out'))
    .option('--processed', "apply the handler's infer processors, fitted on the requested range", false)
    .action(async (o) => (await import('./features-action.js')).featuresAction(o));
}
