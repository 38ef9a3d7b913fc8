import {
  computeFeaturesParallel,
  DataHandlerLP,
  handlerColumns,
  handlerDefaultProcessors,
  QlibProvider,
  resolveHandler,
  writeFrameCsv,
} from '@rollq/data';
import { RollqError } from '@rollq/data/errors';
import { endProgress, progressSteps, renderFeatureProgress } from '../progress.js';

/** The work of `rollq features` (its options: ./features.ts), loaded when the command runs. */

/** Handler's Qlib class for its default processors (`Alpha158` / `Alpha360`; YAML handlers have none). */
function handlerClass(name: string): string {
  const k = name.trim().toLowerCase();
  return k === 'alpha158' ? 'Alpha158' : k === 'alpha360' ? 'Alpha360' : name;
}

/** `rollq features` options as commander hands them over, every value already checked. */
export interface FeaturesOptions {
  provider: string;
  handler: string;
  instruments: string | string[];
  start: string;
  end: string;
  out: string;
  processed: boolean;
}

/** Runs `rollq features`: computes the handler's columns (optionally through its infer processors) and writes the CSV. */
export async function featuresAction(o: FeaturesOptions): Promise<void> {
  if (o.start > o.end)
    throw new RollqError('CONFIG_INVALID', `--start ${o.start} is after --end ${o.end}`, {
      hint: 'give a date range with --start <= --end',
    });
  const t0 = performance.now();
  const provider = QlibProvider.open(o.provider);
  const fields = resolveHandler(o.handler);
  let frame = await computeFeaturesParallel(provider, {
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
}
