import { describe, expect, it } from 'vitest';
import type { FeatureFrame } from '../features/feature-frame.js';
import { DataHandlerLP } from './data-handler-lp.js';
import { DatasetH } from './dataset-h.js';
import { frameFromRows } from './frame-from-rows.js';

const CAL = ['2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07', '2020-01-08'];
const col = (f: FeatureFrame, name: string) => Array.from(f.values[f.columns.indexOf(name)]!);

/** 5 days × 2 stocks; the label is NaN on the last day (as a 2-day-ahead return is). */
function raw(): FeatureFrame {
  return frameFromRows({
    calendar: CAL,
    rows: CAL.flatMap(
      (d) =>
        [
          [d, 'A'],
          [d, 'B'],
        ] as const,
    ),
    columns: {
      X: [1, 2, 3, 4, NaN, 6, 70, 80, 90, 100],
      LABEL0: [0.1, -0.1, 0.2, 0.3, NaN, 0.5, 0.6, 0.4, NaN, NaN],
    },
  });
}

const linearConfig = {
  infer_processors: [
    { class: 'RobustZScoreNorm', kwargs: { fields_group: 'feature', clip_outlier: true } },
    { class: 'Fillna', kwargs: { fields_group: 'feature' } },
  ],
  learn_processors: [{ class: 'DropnaLabel' }, { class: 'CSRankNorm', kwargs: { fields_group: 'label' } }],
  fit_start_time: '2020-01-02',
  fit_end_time: '2020-01-06',
};

describe('DataHandlerLP', () => {
  it('raw, infer and learn views under append', () => {
    const h = new DataHandlerLP({ frame: raw(), labelColumns: ['LABEL0'], config: linearConfig });
    expect(h.fetch(null, 'raw')).toEqual(raw());
    const infer = h.fetch(null, 'infer');
    // fit rows (days 1..3): X = 1,2,3,4,NaN,6 → median 3, MAD 1
    const scale = (1 + 1e-12) * 1.4826;
    expect(col(infer, 'X')[0]).toBeCloseTo(-2 / scale, 12);
    expect(col(infer, 'X')[4]).toBe(0); // NaN filled after normalising
    expect(col(infer, 'X')[9]).toBe(3); // clipped
    expect(col(infer, 'LABEL0')).toEqual(col(raw(), 'LABEL0')); // infer keeps labels and all rows
    const learn = h.fetch(null, 'learn');
    expect(learn.rowDate.length).toBe(7); // 3 NaN labels dropped
    // learn = learn processors applied to the infer view: features equal infer's for kept rows
    expect(col(learn, 'X')[0]).toBe(col(infer, 'X')[0]);
    // day 1 labels 0.1 > -0.1 → ranks 2,1 of 2 → (1 - 0.5) * 3.46, (0.5 - 0.5) * 3.46
    expect(col(learn, 'LABEL0').slice(0, 2)).toEqual([0.5 * 3.46, 0]);
  });

  it('fills in place only the columns its own run made: the raw and infer views keep their NaN', () => {
    const fill = { class: 'Fillna', kwargs: { fields_group: 'feature' } };
    // Fillna right on the raw frame: the raw columns are the caller's, so they are copied
    const direct = new DataHandlerLP({ frame: raw(), labelColumns: ['LABEL0'], config: { infer_processors: [fill] } });
    expect(col(direct.fetch(null, 'raw'), 'X')[4]).toBeNaN();
    expect(col(direct.fetch(null, 'infer'), 'X')[4]).toBe(0);
    // append: the learn run's Fillna gets the infer view's columns, which the infer view keeps showing
    const zscore = { class: 'ZScoreNorm', kwargs: { fields_group: 'feature' } };
    const h = new DataHandlerLP({
      frame: raw(),
      labelColumns: ['LABEL0'],
      config: { infer_processors: [zscore], learn_processors: [fill], fit_start_time: '2020-01-02', fit_end_time: '2020-01-06' },
    });
    expect(col(h.fetch(null, 'infer'), 'X')[4]).toBeNaN();
    expect(col(h.fetch(null, 'learn'), 'X')[4]).toBe(0);
    expect(col(h.fetch(null, 'raw'), 'X')[4]).toBeNaN();
  });

  it.each([
    ['float64', raw],
    ['float32', () => ({ ...raw(), values: raw().values.map((v) => Float32Array.from(v)) })],
  ])('a learn view of label-only processors (kept as rows of the infer view) equals the copied one (%s)', (_, frame) => {
    const gathered = new DataHandlerLP({ frame: frame(), labelColumns: ['LABEL0'], config: linearConfig });
    // a feature processor in the learn list forces the copy (a no-op here: the infer view has no NaN left)
    const learn_processors = [...linearConfig.learn_processors, { class: 'Fillna', kwargs: { fields_group: 'feature' } }];
    const copied = new DataHandlerLP({ frame: frame(), labelColumns: ['LABEL0'], config: { ...linearConfig, learn_processors } });
    for (const range of [null, ['2020-01-03', '2020-01-07'] as const, ['2020-01-08', null] as const]) {
      for (const colSet of ['all', 'feature', 'label'] as const) {
        const a = gathered.fetch(range, 'learn', colSet);
        const b = copied.fetch(range, 'learn', colSet);
        expect(a.columns).toEqual(b.columns);
        expect(Array.from(a.rowDate)).toEqual(Array.from(b.rowDate));
        expect(Array.from(a.rowInstrument)).toEqual(Array.from(b.rowInstrument));
        expect(a.values.map((v) => Array.from(v))).toEqual(b.values.map((v) => Array.from(v)));
      }
    }
    // the matrix a model trains on, read straight from the infer view's columns
    const segments = { train: ['2020-01-02', '2020-01-07'] };
    const [pa, pb] = [gathered, copied].map((h) => new DatasetH(h, segments).prepare('train', 'learn'));
    expect(Array.from(pa!.x)).toEqual(Array.from(pb!.x));
    expect(Array.from(pa!.y)).toEqual(Array.from(pb!.y));
    expect(pa!.featureNames).toEqual(pb!.featureNames);
    expect(Array.from(pa!.index.rowDate)).toEqual(Array.from(pb!.index.rowDate));
    expect(gathered.featureColumns('learn')).toEqual(['X']);
    expect(gathered.fetch(null, 'learn').rowDate.length).toBe(7);
  });

  it('independent: learn processors run on the raw frame', () => {
    const h = new DataHandlerLP({ frame: raw(), labelColumns: ['LABEL0'], config: { ...linearConfig, process_type: 'independent' } });
    expect(col(h.fetch(null, 'learn'), 'X')[0]).toBe(1);
    expect(col(h.fetch(null, 'infer'), 'X')[0]).not.toBe(1);
  });

  it('fetch selects a closed date range and a column group', () => {
    const h = new DataHandlerLP({ frame: raw(), labelColumns: ['LABEL0'], config: linearConfig });
    const seg = h.fetch(['2020-01-03', '2020-01-06'], 'infer');
    expect(Array.from(seg.rowDate)).toEqual([1, 1, 2, 2]);
    expect(h.fetch(['2020-01-03', '2020-01-06'], 'infer', 'label').columns).toEqual(['LABEL0']);
    expect(h.fetch(null, 'learn', 'feature').columns).toEqual(['X']);
    // a range between trading days selects nothing
    expect(h.fetch(['2020-01-04', '2020-01-05'], 'raw').rowDate.length).toBe(0);
  });

  it('statistics come only from the fit window', () => {
    const a = new DataHandlerLP({ frame: raw(), labelColumns: ['LABEL0'], config: linearConfig });
    const b = new DataHandlerLP({ frame: raw(), labelColumns: ['LABEL0'], config: { ...linearConfig, fit_end_time: '2020-01-08' } });
    expect(col(a.fetch(null, 'infer'), 'X')[0]).not.toBeCloseTo(col(b.fetch(null, 'infer'), 'X')[0]!, 3);
  });

  it('rebuilds identical views from processor state without re-fitting', () => {
    const a = new DataHandlerLP({ frame: raw(), labelColumns: ['LABEL0'], config: linearConfig });
    const state = JSON.parse(JSON.stringify(a.processorState()));
    // a different frame (later data only): fitting on it would give other statistics
    const later = frameFromRows({ calendar: CAL, rows: [['2020-01-08', 'A']], columns: { X: [90], LABEL0: [NaN] } });
    const b = new DataHandlerLP({ frame: later, labelColumns: ['LABEL0'], state });
    expect(col(b.fetch(null, 'infer'), 'X')).toEqual([col(a.fetch(null, 'infer'), 'X')[8]]);
  });

  it('rejects DropnaLabel in infer_processors, unknown label columns and bad config', () => {
    expect(() => new DataHandlerLP({ frame: raw(), labelColumns: ['LABEL0'], config: { infer_processors: ['DropnaLabel'] } })).toThrow(
      /DropnaLabel cannot be used in infer_processors/,
    );
    expect(() => new DataHandlerLP({ frame: raw(), labelColumns: ['LABEL1'] })).toThrow(/LABEL1/);
    expect(() => new DataHandlerLP({ frame: raw(), labelColumns: ['LABEL0'], config: { process_type: 'apend' } as never })).toThrow(
      /process_type/,
    );
  });
});

describe('DataHandlerLP without its raw view', () => {
  it('serves the same infer / learn views and names the missing raw one', () => {
    const kept = new DataHandlerLP({ frame: raw(), labelColumns: ['LABEL0'], config: linearConfig });
    const lean = new DataHandlerLP({ frame: raw(), labelColumns: ['LABEL0'], config: linearConfig, retainRaw: false });
    expect(lean.fetch(null, 'infer')).toEqual(kept.fetch(null, 'infer'));
    expect(lean.fetch(['2020-01-03', '2020-01-07'], 'learn')).toEqual(kept.fetch(['2020-01-03', '2020-01-07'], 'learn'));
    expect(lean.calendar).toEqual(CAL);
    expect(() => lean.fetch(null, 'raw')).toThrow(/retainRaw: false/);
  });
});
