import { computeFeatures } from '../features/compute-features.js';
import { handlerColumns, resolveHandler } from '../handler/resolve-handler.js';
import { handlerDefaultProcessors } from '../processor/defaults.js';
import type { ProcessorConfig, ProcessorRegistry } from '../processor/registry.js';
import type { QlibProvider } from '../storage/qlib-provider.js';
import { DataHandlerLP } from './data-handler-lp.js';
import { DatasetH } from './dataset-h.js';
import { TSDatasetH } from './ts-dataset-h.js';

/** Options of {@link createDataset}. */
export interface CreateDatasetOptions {
  /** `Alpha158`, `Alpha360` or a YAML feature-list path. */
  handler: string;
  /** Market name, `all`, or symbols. */
  instruments: string | readonly string[];
  start: string;
  end: string;
  /** Fit window of the fitted processors (usually the train segment). */
  fitStart: string;
  fitEnd: string;
  /** Processor lists (default: the handler's Qlib defaults, see `handlerDefaultProcessors`). */
  processors?: { infer?: ProcessorConfig[]; learn?: ProcessorConfig[] };
  processType?: 'append' | 'independent';
  segments: Record<string, readonly [string, string]>;
  /** Given: a TSDatasetH with this step length; absent: a DatasetH. */
  stepLen?: number;
  registry?: ProcessorRegistry;
  /** Progress of the feature computation on stderr. */
  progress?: boolean;
}

/** computeFeatures → DataHandlerLP → DatasetH / TSDatasetH, Qlib's `init_instance_by_config(dataset)` in one call. */
export function createDataset(
  provider: QlibProvider,
  opts: CreateDatasetOptions,
): { dataset: DatasetH | TSDatasetH; handler: DataHandlerLP } {
  const fields = resolveHandler(opts.handler);
  const frame = computeFeatures(provider, {
    fields: handlerColumns(fields),
    instruments: typeof opts.instruments === 'string' ? opts.instruments : [...opts.instruments],
    start: opts.start,
    end: opts.end,
    progress: opts.progress ?? false,
  });
  const defaults = handlerDefaultProcessors(
    opts.handler.trim().toLowerCase() === 'alpha360'
      ? 'Alpha360'
      : opts.handler.trim().toLowerCase() === 'alpha158'
        ? 'Alpha158'
        : opts.handler,
  );
  const handler = new DataHandlerLP({
    frame,
    labelColumns: fields.labels.map((l) => l.name),
    registry: opts.registry,
    config: {
      infer_processors: opts.processors?.infer ?? defaults.infer,
      learn_processors: opts.processors?.learn ?? defaults.learn,
      process_type: opts.processType ?? 'append',
      fit_start_time: opts.fitStart,
      fit_end_time: opts.fitEnd,
    },
  });
  const dataset =
    opts.stepLen === undefined ? new DatasetH(handler, opts.segments) : new TSDatasetH(handler, opts.segments, { step_len: opts.stepLen });
  return { dataset, handler };
}
