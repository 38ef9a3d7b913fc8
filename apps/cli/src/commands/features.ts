import type { Command } from '@commander-js/extra-typings';
import {
  computeFeatures,
  DataHandlerLP,
  handlerColumns,
  handlerDefaultProcessors,
  QlibProvider,
  resolveHandler,
  writeFrameCsv,
} from '@rollq/data';
import { endProgress, progressSteps, renderFeatureProgress } from '../progress.js';
import { instrumentsSpec, isoDay } from './option-parsers.js';

/** Handler's Qlib class for its default processors (`Alpha158` / `Alpha360`; YAML handlers have none). */
function handlerClass(name: string): string {
  const k = name.trim().toLowerCase();
  return k === 'alpha158' ? 'Alpha158' : k === 'alpha360' ? 'Alpha360' : name;
}

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
    .requiredOption('--out <file>', 'CSV file to write (atomically)')
    .option('--processed', "apply the handler's infer processors, fitted on the requested range", false)
    .action((o) => {
      const t0 = performance.now();
      const provider = QlibProvider.open(o.provider);
      const fields = resolveHandler(o.handler);
      let frame = computeFeatures(provider, {
        fields: handlerColumns(fields),
        instruments: o.instruments,
        start: o.start,
        end: o.end,
        onProgress: renderFeatureProgress,
      });
      if (o.processed) {
        const handler = new DataHandlerLP({
          frame,
          labelColumns: fields.labels.map((l) => l.name),
          config: {
            infer_processors: handlerDefaultProcessors(handlerClass(o.handler)).infer,
            fit_start_time: o.start,
            fit_end_time: o.end,
          },
        });
        frame = handler.fetch(null, 'infer');
      }
      const step = progressSteps();
      const { rows, columns } = writeFrameCsv(frame, o.out, {
        onProgress: (done, total) =>
          step(`features: writing ${done}/${total} rows (${Math.floor((100 * done) / Math.max(total, 1))}%)`, done, total),
      });
      endProgress();
      process.stdout.write(
        `wrote ${o.out}: ${rows} rows × ${columns} columns (${frame.instruments.length} instruments, ${o.start}..${o.end}, ` +
          `${o.processed ? 'processed' : 'raw'}), ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
      );
    });
}
