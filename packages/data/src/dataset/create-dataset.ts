import type { OperatorRegistry } from '../expr/operator-registry.js';
import { computeFeatures, type FeatureProgress } from '../features/compute-features.js';
import type { HandlerRegistry } from '../handler/handler-registry.js';
import { handlerColumns, resolveHandler } from '../handler/resolve-handler.js';
import { handlerDefaultProcessors } from '../processor/defaults.js';
import type { ProcessorConfig, ProcessorRegistry } from '../processor/registry.js';
import type { QlibProvider } from '../storage/qlib-provider.js';
import { DataHandlerLP } from './data-handler-lp.js';
import { DatasetH } from './dataset-h.js';
import { TSDatasetH } from './ts-dataset-h.js';

/** Options of {@link createDataset}. */
export interface CreateDatasetOptions {
  /** `Alpha158`, `Alpha360` (or another name in `handlers`) or a YAML feature-list path. */
  handler: string;
  /** Handlers `handler` is looked up in (default: Alpha158 and Alpha360). */
  handlers?: HandlerRegistry;
  /** Operators the handler's expressions may call (default: Qlib's built-in ones). */
  operators?: OperatorRegistry;
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
  /** Processor classes (default: Qlib's, see `defaultProcessorRegistry`). */
  registry?: ProcessorRegistry;
  /** Progress of the feature computation (see `FeatureProgress`). */
  onProgress?: (p: FeatureProgress) => void;
}

/**
 * computeFeatures → DataHandlerLP → DatasetH / TSDatasetH, Qlib's `init_instance_by_config(dataset)` in one call.
 *
 * @example
 * ```ts
 * const { dataset } = createDataset(provider, {
 *   handler: 'Alpha158',
 *   instruments: 'csi300',
 *   start: '2015-01-01',
 *   end: '2020-12-31',
 *   fitStart: '2015-01-01',
 *   fitEnd: '2018-12-31',
 *   segments: { train: ['2015-01-01', '2018-12-31'], valid: ['2019-01-01', '2019-12-31'], test: ['2020-01-01', '2020-12-31'] },
 * });
 * ```
 */
export function createDataset(
  provider: QlibProvider,
  opts: CreateDatasetOptions,
): { dataset: DatasetH | TSDatasetH; handler: DataHandlerLP } {
  const fields = resolveHandler(opts.handler, opts.handlers, { operators: opts.operators });
  const frame = computeFeatures(provider, {
    operators: opts.operators,
    fields: handlerColumns(fields),
    instruments: typeof opts.instruments === 'string' ? opts.instruments : [...opts.instruments],
    start: opts.start,
    end: opts.end,
    onProgress: opts.onProgress,
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
