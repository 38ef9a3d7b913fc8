import {
  computeFeatures,
  DataHandlerLP,
  DatasetH,
  type FeatureProgress,
  type FeatureStore,
  handlerDefaultProcessors,
  type QlibProvider,
  resolveHandler,
  TSDatasetH,
} from '@rollq/data';
import { createModel, defaultModelRegistry, loadModel, type ModelRegistry } from '@rollq/model';
import type { DatasetSpec } from '@rollq/rolling';
import { WorkflowError } from '../errors.js';
import { clampSegmentsToCalendar } from './clamp-segments.js';
import type { DatasetProgress, TaskComponents, TaskDataset } from './components.js';

/** Handler kwargs the runner reads; everything else is an error so a typo never silently drops a setting. */
const HANDLER_KEYS = new Set([
  'start_time',
  'end_time',
  'fit_start_time',
  'fit_end_time',
  'instruments',
  'infer_processors',
  'learn_processors',
  'process_type',
]);

/**
 * The default {@link TaskComponents}: models from a {@link ModelRegistry} (Qlib class names accepted),
 * datasets as Qlib's DatasetH / TSDatasetH over a handler (`Alpha158`, `Alpha360` or a YAML file of
 * expressions), with the handler's default processors unless the kwargs list their own.
 */
export function defaultTaskComponents(opts: DefaultComponentsOptions = {}): TaskComponents {
  const registry = opts.registry ?? defaultModelRegistry();
  return {
    createModel: (spec) => createModel(spec, registry),
    loadModel: (dir) => loadModel(dir, registry),
    buildDataset: (spec, provider, onProgress) => buildDataset(spec, provider, opts.featureStore ?? null, onProgress),
  };
}

/** Options of {@link defaultTaskComponents}. */
export interface DefaultComponentsOptions {
  /** Model classes (default: @rollq/model's registry). */
  registry?: ModelRegistry;
  /**
   * A feature cache shared by the tasks built with these components: rolling tasks differ only in their
   * handler end, so each one computes just the new days (default: none, every dataset computes afresh).
   */
  featureStore?: FeatureStore;
}

async function buildDataset(
  spec: DatasetSpec,
  provider: QlibProvider,
  store: FeatureStore | null,
  onProgress?: (p: DatasetProgress) => void,
): Promise<TaskDataset> {
  const cls = spec.class.replace(/^.*\./, '');
  if (cls !== 'DatasetH' && cls !== 'TSDatasetH') {
    throw new WorkflowError('CONFIG_INVALID', `task.dataset.class: unknown dataset class "${spec.class}"`, {
      hint: 'use DatasetH (tabular models) or TSDatasetH (GRU / LSTM)',
    });
  }
  const handlerSpec = spec.kwargs.handler;
  if (typeof handlerSpec === 'string') {
    throw new WorkflowError('CONFIG_INVALID', `task.dataset.kwargs.handler: a handler reference ("${handlerSpec}") is not supported`, {
      hint: 'give the handler as {class: Alpha158, kwargs: {...}}; rollq caches computed features itself',
    });
  }
  const kw = handlerSpec.kwargs as Record<string, unknown>;
  const unknown = Object.keys(kw).filter((k) => !HANDLER_KEYS.has(k));
  if (unknown.length > 0) {
    throw new WorkflowError('CONFIG_INVALID', `task.dataset.kwargs.handler.kwargs: unknown key(s) ${unknown.join(', ')}`, {
      hint: `known keys: ${[...HANDLER_KEYS].join(', ')}`,
    });
  }
  const handler = resolveHandler(handlerSpec.class);
  const cal = provider.calendar.dates;
  onProgress?.({
    stage: `computing ${handler.features.length} ${handlerSpec.class} features + ${handler.labels.length} label`,
    current: 0,
    total: 1,
  });
  const request = {
    fields: [...handler.features, ...handler.labels],
    instruments: (kw.instruments ?? 'all') as string | string[],
    start: (kw.start_time as string | null | undefined) ?? cal[0]!,
    end: (kw.end_time as string | null | undefined) ?? cal[cal.length - 1]!,
    // the engine's per-instrument progress, passed on as dataset progress (the CLI draws it)
    onProgress:
      onProgress &&
      ((features: FeatureProgress) => onProgress({ stage: 'features', current: features.instruments, total: features.total, features })),
  };
  segmentsInsideHandler(spec.kwargs.segments, request.start, request.end);
  const frame = store ? store.get(provider, request) : await computeFeatures(provider, request);
  onProgress?.({ stage: 'fitting processors', current: 1, total: 1 });
  const defaults = handlerDefaultProcessors(handlerSpec.class);
  const lp = new DataHandlerLP({
    frame,
    labelColumns: handler.labels.map((l) => l.name),
    config: {
      infer_processors: (kw.infer_processors as never) ?? defaults.infer,
      learn_processors: (kw.learn_processors as never) ?? defaults.learn,
      process_type: kw.process_type as never,
      fit_start_time: (kw.fit_start_time as string | undefined) ?? null,
      fit_end_time: (kw.fit_end_time as string | undefined) ?? null,
    },
  });
  const { handler: _h, segments: given, ...extra } = spec.kwargs;
  const segments = clampSegmentsToCalendar(given, cal);
  const ds = cls === 'TSDatasetH' ? new TSDatasetH(lp, segments, extra as never) : new DatasetH(lp, segments);
  return Object.assign(ds, { stateJson: () => lp.processorState() });
}

/**
 * A segment that lies wholly outside the handler's `start_time..end_time` would have no rows (and fail late,
 * after the features and the training): checked before any feature is computed, naming the handler's range.
 */
function segmentsInsideHandler(segments: unknown, start: string, end: string): void {
  if (segments === null || typeof segments !== 'object') return;
  for (const [name, seg] of Object.entries(segments as Record<string, unknown>)) {
    if (!Array.isArray(seg) || typeof seg[0] !== 'string' || typeof seg[1] !== 'string') continue;
    const [s, e] = seg as [string, string];
    if (s > e) {
      throw new WorkflowError('CONFIG_INVALID', `task.dataset.kwargs.segments.${name}: starts at ${s}, after its end ${e}`, {
        hint: `give "${name}" as [start, end] with start <= end`,
      });
    }
    if (e < start || s > end) {
      throw new WorkflowError(
        'CONFIG_INVALID',
        `task.dataset.kwargs.segments.${name} (${s}..${e}) is outside the handler's start_time..end_time ${start}..${end}: it would have no rows`,
        { hint: `move "${name}" inside ${start}..${end}, or widen the handler's start_time / end_time to cover it` },
      );
    }
  }
}
