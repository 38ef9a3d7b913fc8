import { type HandlerProcessorState, QlibProvider } from '@rollq/data';
import type { DatasetSpec } from '@rollq/rolling';
import { usQlibDir } from '@rollq/tools';
import { smallGbdtTask } from '@rollq/workflow/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildInferenceDataset, type FeatureFrameCache } from './inference-dataset.js';

// Fillna has nothing to fit, so no training is needed to get a "fitted" state
const state: HandlerProcessorState = {
  processType: 'append',
  infer: [{ class: 'Fillna', kwargs: { fields_group: 'feature', fill_value: 0 } }],
  learn: [],
};
const range = { loadStart: '2016-11-01', start: '2016-11-01', end: '2016-11-03' };

describe('buildInferenceDataset with a feature frame cache', () => {
  let provider: QlibProvider;
  beforeAll(async () => {
    provider = await QlibProvider.open(await usQlibDir());
  });

  it('computes one handler, market and range once, and the datasets equal uncached ones', () => {
    const spec = smallGbdtTask().dataset as DatasetSpec;
    // another strategy's task: same handler class and market, other fit window
    const handler = spec.kwargs.handler as { class: string; kwargs: Record<string, unknown> };
    const other = {
      ...spec,
      kwargs: { ...spec.kwargs, handler: { ...handler, kwargs: { ...handler.kwargs, fit_end_time: '2016-05-31' } } },
    } as DatasetSpec;
    const frames: FeatureFrameCache = new Map();
    const a = buildInferenceDataset(spec, provider, state, range, frames).prepare('test', 'infer');
    const b = buildInferenceDataset(other, provider, state, range, frames).prepare('test', 'infer');
    expect(frames.size).toBe(1);
    const fresh = buildInferenceDataset(spec, provider, state, range).prepare('test', 'infer');
    expect(fresh.nRows).toBe(12 * 3);
    expect(a.x).toEqual(fresh.x);
    expect(b.x).toEqual(fresh.x);
    expect(a.index).toEqual(fresh.index);

    // the processors did not write into the shared raw frame: US data has no vwap, so VWAP0 stays NaN there
    const frame = [...frames.values()][0]!;
    const vwap = frame.values[frame.columns.indexOf('VWAP0')]!;
    expect(vwap.every((v) => Number.isNaN(v))).toBe(true);
    expect(a.x[a.featureNames.indexOf('VWAP0')]).toBe(0);

    // another range is another frame
    buildInferenceDataset(spec, provider, state, { ...range, end: '2016-11-04' }, frames);
    expect(frames.size).toBe(2);
  });
});
