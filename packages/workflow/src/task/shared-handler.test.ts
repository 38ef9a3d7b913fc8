import { handlerDefaultProcessors, QlibProvider, type TabularData } from '@rollq/data';
import type { DatasetSpec } from '@rollq/rolling';
import { usQlibDir } from '@rollq/tools';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultTaskComponents } from './default-components.js';
import { SharedHandlerSlot, sharedHandlerKey } from './shared-handler.js';

const alpha158 = handlerDefaultProcessors('Alpha158');
/** Qlib's linear-model template: RobustZScoreNorm fitted on the handler's fit window, Fillna, then the label. */
const robust = {
  infer: [
    { class: 'RobustZScoreNorm', kwargs: { fields_group: 'feature', clip_outlier: true } },
    { class: 'Fillna', kwargs: { fields_group: 'feature' } },
  ],
  learn: [{ class: 'DropnaLabel' }, { class: 'CSRankNorm', kwargs: { fields_group: 'label' } }],
};
const kwargs = { start_time: '2016-01-04', end_time: '2016-12-30', fit_start_time: '2016-01-04', fit_end_time: '2016-06-30' };

describe('sharedHandlerKey', () => {
  const key = (kw: Record<string, unknown>, processors: typeof alpha158 = robust, end = '2016-12-30') =>
    sharedHandlerKey('/data', { handlerClass: 'Alpha158', kwargs: kw, processors }, end);

  it("Qlib's template (fixed fit window, Alpha158's processors) shares across end_time, and only across it", () => {
    expect(key(kwargs)).not.toBeNull();
    expect(key({ ...kwargs, end_time: '2017-06-30' })).toBe(key(kwargs));
    expect(key({ ...kwargs, start_time: '2016-02-01' })).not.toBe(key(kwargs));
    expect(key({ ...kwargs, instruments: ['AAPL'] })).not.toBe(key(kwargs));
  });

  it('refuses what a longer frame would change: a fit window past the end, none at all, an unknown or pre-fitted processor', () => {
    expect(key(kwargs, robust, '2016-06-29')).toBeNull();
    expect(key(kwargs, alpha158, '2016-06-29')).not.toBeNull(); // Alpha158's own lists fit nothing
    expect(key({ ...kwargs, fit_end_time: undefined })).toBeNull();
    expect(key(kwargs, { infer: [{ class: 'Negate' }], learn: [] })).toBeNull();
    expect(key(kwargs, { infer: [{ class: 'ZScoreNorm', kwargs: { fit_end_time: '2017-01-31' } }], learn: [] })).toBeNull();
    expect(key(kwargs, { infer: [{ class: 'Fillna', state: {} }], learn: [] })).toBeNull();
    expect(key(kwargs, { infer: ['CSZScoreNorm', 'Fillna'], learn: ['DropnaLabel'] })).not.toBeNull();
  });
});

describe('a shared handler on the shipped US data', () => {
  let provider: QlibProvider;
  beforeAll(async () => {
    provider = await QlibProvider.open(await usQlibDir());
  });

  /** A rolling-like task ending at `end`; its test segment may run past it (the handler's end cuts it). */
  const spec = (end: string, testStart: string, testEnd: string): DatasetSpec =>
    ({
      class: 'DatasetH',
      kwargs: {
        handler: {
          class: 'Alpha158',
          kwargs: {
            ...kwargs,
            end_time: end,
            instruments: ['AAPL', 'MSFT', 'XOM', 'JPM', 'GE', 'KO'],
            infer_processors: robust.infer,
            learn_processors: robust.learn,
          },
        },
        segments: { train: ['2016-01-04', '2016-06-30'], valid: ['2016-07-01', '2016-09-30'], test: [testStart, testEnd] },
      },
    }) as DatasetSpec;

  it("gives every task the matrices and processor state of the task's own handler, computing the features once", async () => {
    const slot = new SharedHandlerSlot('2017-03-31');
    const shared = defaultTaskComponents({ sharedHandler: slot });
    const own = defaultTaskComponents();
    const handlers = new Set<unknown>();
    for (const [end, testStart, testEnd] of [
      ['2016-12-30', '2016-10-03', '2017-06-30'],
      ['2017-03-31', '2017-01-03', '2017-03-31'],
    ] as const) {
      const a = await shared.buildDataset(spec(end, testStart, testEnd), provider);
      const b = await own.buildDataset(spec(end, testStart, testEnd), provider);
      handlers.add((a as unknown as { handler: unknown }).handler);
      for (const [segment, view] of [
        ['train', 'learn'],
        ['valid', 'learn'],
        ['test', 'infer'],
      ] as const) {
        const x = a.prepare(segment, view) as TabularData;
        const y = b.prepare(segment, view) as TabularData;
        expect(x.nRows).toBeGreaterThan(0);
        expect(x.x).toEqual(y.x);
        expect(x.y).toEqual(y.y);
        expect(x.index.rowDate).toEqual(y.index.rowDate);
        expect([...x.index.rowInstrument].map((k) => x.index.instruments[k])).toEqual(
          [...y.index.rowInstrument].map((k) => y.index.instruments[k]),
        );
      }
      expect(a.stateJson?.()).toEqual(b.stateJson?.());
    }
    expect(handlers.size).toBe(1); // one handler served both tasks
  });
});
