import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { frameFromRows } from '../dataset/frame-from-rows.js';
import { DataError } from '../errors.js';
import type { FeatureFrame } from '../features/feature-frame.js';
import { defaultProcessorRegistry } from './registry.js';
import type { ProcessContext } from './types.js';

const CAL = ['2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07'];
const ctx: ProcessContext = { labelColumns: new Set(['LABEL0']) };
const reg = defaultProcessorRegistry();
const col = (f: FeatureFrame, name: string) => Array.from(f.values[f.columns.indexOf(name)]!);

/** 4 days × 2 stocks; X grows by day so a fit window is visible in the statistics. */
function frame(): FeatureFrame {
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
      X: [1, 3, 5, 7, 100, 200, 1000, NaN],
      K: [2, 2, 2, 2, 2, 2, 2, 2],
      LABEL0: [0.1, 0.2, NaN, 0.4, 0.5, 0.6, NaN, NaN],
    },
  });
}

describe('fit windows', () => {
  it('ZScoreNorm learns only from rows inside fit_start_time..fit_end_time', () => {
    const p = reg.create({ class: 'ZScoreNorm', kwargs: { fields_group: 'feature' } }, { fitStart: '2020-01-02', fitEnd: '2020-01-03' });
    p.fit(frame(), ctx);
    const out = p.transform(frame(), ctx);
    // fit rows X = 1,3,5,7: mean 4, std (ddof 0) sqrt(5)
    expect(col(out, 'X')[0]).toBeCloseTo((1 - 4) / Math.sqrt(5), 12);
    expect(col(out, 'X')[6]).toBeCloseTo((1000 - 4) / Math.sqrt(5), 9);
    expect(col(out, 'X')[7]).toBeNaN();
    // a constant column is left unchanged (mean 0, std 1)
    expect(col(out, 'K')).toEqual([2, 2, 2, 2, 2, 2, 2, 2]);
    expect(col(out, 'LABEL0')[0]).toBe(0.1);
  });

  it('explicit kwargs win over the handler defaults', () => {
    const p = reg.create(
      { class: 'MinMaxNorm', kwargs: { fields_group: 'feature', fit_start_time: '2020-01-06', fit_end_time: '2020-01-07' } },
      { fitStart: '2020-01-02', fitEnd: '2020-01-02' },
    );
    p.fit(frame(), ctx);
    const out = p.transform(frame(), ctx);
    // fit rows X = 100, 200, 1000 (NaN skipped): min 100, max 1000
    expect(col(out, 'X').slice(4, 7)).toEqual([0, 100 / 900, 1]);
    expect(col(out, 'K')).toEqual([2, 2, 2, 2, 2, 2, 2, 2]);
  });

  it('RobustZScoreNorm clips to ±3 and leaves NaN', () => {
    const p = reg.create({
      class: 'RobustZScoreNorm',
      kwargs: { fields_group: 'feature', fit_start_time: '2020-01-02', fit_end_time: '2020-01-03' },
    });
    p.fit(frame(), ctx);
    const out = col(p.transform(frame(), ctx), 'X');
    // median of 1,3,5,7 is 4; |x - 4| = 3,1,1,3 → MAD 2
    expect(out[0]).toBeCloseTo(-3 / ((2 + 1e-12) * 1.4826), 12);
    expect(out[4]).toBe(3);
    expect(out[7]).toBeNaN();
    const noClip = reg.create({
      class: 'RobustZScoreNorm',
      kwargs: { clip_outlier: false, fields_group: 'feature', fit_start_time: '2020-01-02', fit_end_time: '2020-01-03' },
    });
    noClip.fit(frame(), ctx);
    expect(col(noClip.transform(frame(), ctx), 'X')[4]).toBeCloseTo(96 / (2 * 1.4826), 6);
  });

  it('fitted state survives JSON and reproduces the transform in a fresh registry', () => {
    const p = reg.create(
      { class: 'RobustZScoreNorm', kwargs: { fields_group: 'feature' } },
      { fitStart: '2020-01-02', fitEnd: '2020-01-06' },
    );
    p.fit(frame(), ctx);
    const json = JSON.parse(JSON.stringify(p.toJSON()));
    const q = defaultProcessorRegistry().fromJSON(json);
    expect(q.isFitted()).toBe(true);
    expect(q.transform(frame(), ctx).values).toEqual(p.transform(frame(), ctx).values);
  });

  it('NaN statistics survive JSON', () => {
    const allNaN = frameFromRows({ calendar: CAL, rows: [['2020-01-02', 'A']], columns: { X: [NaN] } });
    const p = reg.create({ class: 'ZScoreNorm' }, { fitStart: '2020-01-02', fitEnd: '2020-01-02' });
    p.fit(allNaN, { labelColumns: new Set() });
    const q = reg.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
    expect(col(q.transform(allNaN, { labelColumns: new Set() }), 'X')[0]).toBeNaN();
  });

  it('a fitted processor without a fit window, an empty window, or no fit is a PROCESSOR_INVALID error', () => {
    expect(() => reg.create('ZScoreNorm').fit(frame(), ctx)).toThrow(/fit_start_time and fit_end_time are not set/);
    expect(() => reg.create('ZScoreNorm', { fitStart: '2021-01-01', fitEnd: '2021-02-01' }).fit(frame(), ctx)).toThrow(/holds no rows/);
    expect(() => reg.create('ZScoreNorm', { fitStart: '2020-01-02', fitEnd: '2020-01-03' }).transform(frame(), ctx)).toThrow(/before fit/);
  });
});

describe('row and column processors', () => {
  it('Fillna fills NaN in its group only', () => {
    const out = reg.create({ class: 'Fillna', kwargs: { fields_group: 'feature', fill_value: -1 } }).transform(frame(), ctx);
    expect(col(out, 'X')[7]).toBe(-1);
    expect(col(out, 'LABEL0')[2]).toBeNaN();
    const all = reg.create('Fillna').transform(frame(), ctx);
    expect(col(all, 'LABEL0')).toEqual([0.1, 0.2, 0, 0.4, 0.5, 0.6, 0, 0]);
  });

  it('DropnaLabel drops rows without a label and is not for inference', () => {
    const p = reg.create('DropnaLabel');
    expect(p.isForInfer()).toBe(false);
    const out = p.transform(frame(), ctx);
    expect(col(out, 'LABEL0')).toEqual([0.1, 0.2, 0.4, 0.5, 0.6]);
    expect(Array.from(out.rowDate)).toEqual([0, 0, 1, 2, 2]);
    expect(Array.from(out.rowInstrument)).toEqual([0, 1, 1, 0, 1]);
  });

  it('DropnaProcessor(feature) drops rows with a NaN feature', () => {
    const out = reg.create({ class: 'DropnaProcessor', kwargs: { fields_group: 'feature' } }).transform(frame(), ctx);
    expect(out.rowDate.length).toBe(7);
    expect(reg.create('DropnaProcessor').isForInfer()).toBe(true);
  });

  it('FilterCol keeps the listed features plus the label, in frame order', () => {
    const out = reg.create({ class: 'FilterCol', kwargs: { col_list: ['K'] } }).transform(frame(), ctx);
    expect(out.columns).toEqual(['K', 'LABEL0']);
    expect(() => reg.create({ class: 'FilterCol', kwargs: { col_list: ['NOPE'] } }).transform(frame(), ctx)).toThrow(/NOPE/);
  });

  it('DropCol and TanhProcess', () => {
    expect(reg.create({ class: 'DropCol', kwargs: { col_list: ['K'] } }).transform(frame(), ctx).columns).toEqual(['X', 'LABEL0']);
    const t = reg.create('TanhProcess').transform(frame(), ctx);
    expect(col(t, 'K')[0]).toBeCloseTo(Math.tanh(1), 15);
    expect(col(t, 'LABEL0')[0]).toBe(0.1);
  });

  it('CSZScoreNorm robust: clip((x - median) / MAD / 1.4826)', () => {
    const f = frameFromRows({
      calendar: CAL,
      rows: ['A', 'B', 'C', 'D'].map((s) => ['2020-01-02', s] as const),
      columns: { X: [1, 2, 4, 100] },
    });
    const out = col(reg.create({ class: 'CSZScoreNorm', kwargs: { method: 'robust' } }).transform(f, { labelColumns: new Set() }), 'X');
    // median 3, |x - 3| = 2,1,1,97 → MAD 1.5
    expect(out[0]).toBeCloseTo(-2 / 1.5 / 1.4826, 12);
    expect(out[3]).toBe(3);
  });

  it('CSZFillna fills a NaN with the day mean', () => {
    const out = reg.create('CSZFillna').transform(frame(), ctx);
    expect(col(out, 'LABEL0')[7]).toBeNaN(); // both labels of the last day are NaN
    expect(col(out, 'LABEL0')[2]).toBeCloseTo(0.4, 12);
  });
});

describe('registry', () => {
  it('names Qlib classes, accepts module_path and rejects unknown classes and kwargs', () => {
    expect(reg.names()).toContain('RobustZScoreNorm');
    expect(reg.create({ class: 'Fillna', module_path: 'qlib.data.dataset.processor', kwargs: {} }).className).toBe('Fillna');
    try {
      reg.create({ class: 'RobustNorm' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DataError);
      expect((e as DataError).code).toBe('PROCESSOR_INVALID');
      expect((e as DataError).message).toContain('RobustNorm');
      expect((e as DataError).hint).toContain('RobustZScoreNorm');
    }
    const bad = (() => {
      try {
        reg.create({ class: 'Fillna', kwargs: { fill: 1 } });
      } catch (e) {
        return e as DataError;
      }
    })();
    expect(bad?.message).toMatch(/Fillna: invalid kwargs: fill: unknown field/);
    expect(bad?.hint).toBe('allowed kwargs: fields_group, fill_value');
    expect(() => reg.create({ class: 'CSZScoreNorm', kwargs: { method: 'mad' } })).toThrow(/method/);
    expect(() => reg.create({ class: 'ZScoreNorm', kwargs: { fit_start_time: '2020-13-01' } })).toThrow(/ISO date/);
  });

  it('is a value: registering a class on one registry leaves others alone', () => {
    const mine = defaultProcessorRegistry();
    // a user class: negates every feature
    mine.register('Negate', {
      schema: z.strictObject({}),
      fitWindow: false,
      create: () => ({
        className: 'Negate',
        needsFit: false,
        isForInfer: () => true,
        isFitted: () => true,
        fit: () => {},
        transform: (f: FeatureFrame) => ({ ...f, values: f.values.map((v) => v.map((x) => -x)) }),
        toJSON: () => ({ class: 'Negate', kwargs: {} }),
      }),
    });
    expect(col(mine.create('Negate').transform(frame(), ctx), 'K')[0]).toBe(-2);
    expect(reg.names()).not.toContain('Negate');
  });
});

describe('float32 frames', () => {
  /** The same frame with every column stored as Float32Array (what computeFeatures produces). */
  const frame32 = (): FeatureFrame => {
    const f = frame();
    return { ...f, values: f.values.map((v) => Float32Array.from(v)) };
  };

  it('a processor keeps float32 columns float32, each value the float64 result rounded once', () => {
    const chain = [
      reg.create({ class: 'RobustZScoreNorm', kwargs: { fields_group: 'feature' } }, { fitStart: '2020-01-02', fitEnd: '2020-01-06' }),
      reg.create({ class: 'Fillna', kwargs: { fields_group: 'feature' } }),
      reg.create({ class: 'DropnaLabel' }),
      reg.create({ class: 'CSRankNorm', kwargs: { fields_group: 'label' } }),
    ];
    const run = (f: FeatureFrame) =>
      chain.reduce((cur, p) => {
        if (p.needsFit) p.fit(cur, ctx);
        return p.transform(cur, ctx);
      }, f);
    const wide = run(frame());
    const narrow = run(frame32());
    for (const [c, v] of narrow.values.entries()) {
      expect(v).toBeInstanceOf(Float32Array);
      // the model input (a Float32Array) is the same either way: rounding once at the end or on storage
      expect(Array.from(v)).toEqual(Array.from(Float32Array.from(wide.values[c]!)));
    }
    expect(wide.values[0]).toBeInstanceOf(Float64Array);
  });
});
