import {
  computeFeaturesParallel,
  DataHandlerLP,
  DatasetH,
  type FeatureFrame,
  type FeatureProgress,
  type FeatureStore,
  handlerDefaultProcessors,
  type ProcessorConfig,
  type QlibProvider,
  resolveHandler,
  TSDatasetH,
} from '@rollq/data';
import { createModel, defaultModelRegistry, loadModel, type ModelRegistry } from '@rollq/model';
import type { DatasetSpec } from '@rollq/rolling';
import { WorkflowError } from '../errors.js';
import { clampSegmentsToCalendar } from './clamp-segments.js';
import type { DatasetProgress, TaskComponents, TaskDataset } from './components.js';
import { type SharedHandlerSlot, sharedHandlerKey } from './shared-handler.js';

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
    buildDataset: (spec, provider, onProgress) =>
      buildDataset(spec, provider, { store: opts.featureStore ?? null, shared: opts.sharedHandler ?? null }, onProgress),
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
  /**
   * One handler for the tasks whose handlers differ only in an `end_time` up to the slot's `until` and whose
   * processors allow it (see `sharedHandlerKey`): features and processors are computed once, up to `until`,
   * and each task's DatasetH reads its own segments (cut at its own end) from it, without the raw frame kept.
   * The matrices are the ones a handler of the task's own would give. Other tasks take the plain path.
   */
  sharedHandler?: SharedHandlerSlot;
}

async function buildDataset(
  spec: DatasetSpec,
  provider: QlibProvider,
  cache: { store: FeatureStore | null; shared: SharedHandlerSlot | null },
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
  const defaults = handlerDefaultProcessors(handlerSpec.class);
  const processors = {
    infer: (kw.infer_processors as ProcessorConfig[] | undefined) ?? defaults.infer,
    learn: (kw.learn_processors as ProcessorConfig[] | undefined) ?? defaults.learn,
  };
  // no task reads the raw view (datasets fetch infer / learn): it goes once the views are built. A feature-store
  // hit is a copy of the cached frame, which a retained raw view would keep through the whole fit (the demo's
  // MLP fits: ~390 MB at the run's peak); a shared handler's is computed for it alone
  const makeHandler = (frame: FeatureFrame) => {
    onProgress?.({ stage: 'fitting processors', current: 1, total: 1 });
    return new DataHandlerLP({
      frame,
      labelColumns: handler.labels.map((l) => l.name),
      retainRaw: false,
      config: {
        infer_processors: processors.infer as never,
        learn_processors: processors.learn as never,
        process_type: kw.process_type as never,
        fit_start_time: (kw.fit_start_time as string | undefined) ?? null,
        fit_end_time: (kw.fit_end_time as string | undefined) ?? null,
      },
    });
  };
  const { handler: _h, segments: given, ...extra } = spec.kwargs;
  const key =
    cache.shared && cls === 'DatasetH' && request.end <= cache.shared.until
      ? sharedHandlerKey(provider.root, { handlerClass: handlerSpec.class, kwargs: kw, processors }, request.end)
      : null;
  let lp: DataHandlerLP;
  let segments = clampSegmentsToCalendar(given, cal);
  const sharedHandler = cache.shared !== null && key !== null;
  if (cache.shared && key !== null) {
    const until = cache.shared.until;
    // computed straight from the engine (not through the feature store): the raw frame is let go once processed
    lp = await cache.shared.get(key, async () => makeHandler(await computeFeaturesParallel(provider, { ...request, end: until })));
    // the shared handler runs past this task's end: its segments are cut where its own handler would end
    segments = Object.fromEntries(
      Object.entries(segments).map(([name, [s, e]]) => [name, [s < request.start ? request.start : s, e > request.end ? request.end : e]]),
    );
  } else {
    const frame = cache.store ? cache.store.get(provider, request) : await computeFeaturesParallel(provider, request);
    lp = makeHandler(frame);
  }
  // a shared handler says so, so LightGBM bins its learn rows once for all the tasks (see @rollq/model's binPlan)
  const ds = cls === 'TSDatasetH' ? new TSDatasetH(lp, segments, extra as never) : new DatasetH(lp, segments, { sharedHandler });
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
