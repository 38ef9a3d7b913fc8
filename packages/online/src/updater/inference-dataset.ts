import {
  computeFeatures,
  DataHandlerLP,
  DatasetH,
  type FeatureFrame,
  type HandlerProcessorState,
  handlerColumns,
  type QlibProvider,
  resolveHandler,
  TSDatasetH,
  tsDatasetOptionsSchema,
} from '@rollq/data';
import type { DatasetSpec } from '@rollq/rolling';
import { OnlineError } from '../errors.js';

/** Dates of an inference dataset: features load from `loadStart`, the `test` segment is `[start, end]`. */
export interface InferenceRange {
  loadStart: string;
  start: string;
  end: string;
}

/**
 * Raw feature frames already computed, by handler class, instruments and date range. Handlers of the same
 * class over the same market compute the same frame (processors make new columns, they never write into
 * the raw frame), so one routine updating several models for the same day computes the features once.
 * Keep one per routine step: it holds every frame it was given.
 */
export type FeatureFrameCache = Map<string, FeatureFrame>;

/** True for Qlib's TSDatasetH (sequence samples), whatever module prefix the spec carries. */
export function isSequenceSpec(spec: DatasetSpec): boolean {
  return spec.class.replace(/^.*\./, '') === 'TSDatasetH';
}

/** `step_len` of a TSDatasetH spec (its schema default when unset); 1 for a tabular dataset. */
export function stepLenOf(spec: DatasetSpec): number {
  if (!isSequenceSpec(spec)) return 1;
  return tsDatasetOptionsSchema.parse({ step_len: spec.kwargs.step_len ?? undefined }).step_len;
}

/**
 * Qlib's `RMDLoader.get_dataset` + `setup_data(init_type=IT_LS)`: the task's dataset rebuilt over a short
 * date range with the processors' fitted state from training (no re-fit), so new rows are normalised
 * exactly as the training rows were. Only `[loadStart, end]` is computed (the engine adds the lookback
 * its expressions need).
 */
export function buildInferenceDataset(
  spec: DatasetSpec,
  provider: QlibProvider,
  state: HandlerProcessorState,
  range: InferenceRange,
  frames?: FeatureFrameCache,
): DatasetH | TSDatasetH {
  const handlerSpec = spec.kwargs.handler;
  if (typeof handlerSpec === 'string') {
    throw new OnlineError('CONFIG_INVALID', `task.dataset.kwargs.handler: a handler reference ("${handlerSpec}") cannot be rebuilt`, {
      hint: 'give the handler as {class, kwargs} in the task',
    });
  }
  const fields = resolveHandler(handlerSpec.class);
  const instruments = ((handlerSpec.kwargs as Record<string, unknown>).instruments ?? 'all') as string | string[];
  const key = JSON.stringify([handlerSpec.class, instruments, range.loadStart, range.end]);
  let frame = frames?.get(key);
  if (!frame) {
    frame = computeFeatures(provider, { fields: handlerColumns(fields), instruments, start: range.loadStart, end: range.end });
    frames?.set(key, frame);
  }
  const handler = new DataHandlerLP({ frame, labelColumns: fields.labels.map((l) => l.name), state });
  const segments = { test: [range.start, range.end] as const };
  if (!isSequenceSpec(spec)) return new DatasetH(handler, segments);
  const { handler: _h, segments: _s, ...extra } = spec.kwargs;
  return new TSDatasetH(handler, segments, extra as never);
}
