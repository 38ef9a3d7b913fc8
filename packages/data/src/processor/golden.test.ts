import { describe, expect, it } from 'vitest';
import { frameFromRows } from '../dataset/frame-from-rows.js';
import type { FeatureFrame } from '../features/feature-frame.js';
import { defaultProcessorRegistry } from './registry.js';
import type { ProcessContext } from './types.js';

// The processor golden of research §3.6: real Qlib outputs on a 2-day × 4-stock frame.
const CAL = ['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-06'];
const ROWS = ['2020-01-02', '2020-01-03'].flatMap((d) => ['A', 'B', 'C', 'D'].map((s) => [d, s] as const));
const ctx: ProcessContext = { labelColumns: new Set(['L']) };

function golden(f2Inf = Infinity): FeatureFrame {
  return frameFromRows({
    calendar: CAL,
    rows: ROWS,
    columns: {
      F1: [1, 2, 3, NaN, 10, 20, 30, 40],
      F2: [0.5, f2Inf, -1, 2, 4, 4, 1, 0],
      L: [0.01, -0.02, 0.03, NaN, 0, 0, 0.05, -0.05],
    },
  });
}

const reg = defaultProcessorRegistry();
const col = (f: FeatureFrame, name: string) => Array.from(f.values[f.columns.indexOf(name)]!);

function expectClose(actual: number[], expected: number[], digits = 5) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    if (Number.isNaN(expected[i])) expect(a, `index ${i}`).toBeNaN();
    else expect(a, `index ${i}`).toBeCloseTo(expected[i]!, digits);
  });
}

describe('processor golden (Qlib §3.6)', () => {
  it('CSZScoreNorm(label): per-day z-score with ddof 1', () => {
    const input = golden();
    const out = reg.create({ class: 'CSZScoreNorm', kwargs: { fields_group: 'label' } }).transform(input, ctx);
    expectClose(col(out, 'L'), [0.132453, -1.059626, 0.927173, NaN, 0, 0, 1.224745, -1.224745]);
    expect(out.values[0]).toBe(input.values[0]); // feature arrays are shared, not copied
    expect(col(input, 'L')[1]).toBe(-0.02); // the input frame is not mutated
  });

  it('CSRankNorm(label) with average ties', () => {
    const out = reg.create({ class: 'CSRankNorm', kwargs: { fields_group: 'label' } }).transform(golden(), ctx);
    expectClose(col(out, 'L'), [0.576667, -0.576667, 1.73, NaN, 0.4325, 0.4325, 1.73, -0.865]);
  });

  it('CSRankNorm(feature): inf ranks as the largest value', () => {
    const out = reg.create({ class: 'CSRankNorm', kwargs: { fields_group: 'feature' } }).transform(golden(), ctx);
    expectClose(col(out, 'F2'), [0, 1.73, -0.865, 0.865, 1.2975, 1.2975, 0, -0.865]);
    expectClose(col(out, 'L'), col(golden(), 'L')); // label untouched
  });

  it('RobustZScoreNorm(feature, clip) fitted on both days', () => {
    const p = reg.create({
      class: 'RobustZScoreNorm',
      kwargs: { fields_group: 'feature', fit_start_time: '2020-01-02', fit_end_time: '2020-01-03' },
    });
    const frame = golden(100);
    p.fit(frame, ctx);
    const out = p.transform(frame, ctx);
    expectClose(col(out, 'F1'), [-0.674491, -0.599547, -0.524604, NaN, 0, 0.749434, 1.498868, 2.248303]);
    expectClose(col(out, 'F2'), [-0.337245, 3, -0.843113, 0.168623, 0.843113, 0.843113, -0.168623, -0.505868]);
    const json = p.toJSON();
    expect(json.state).toMatchObject({ columns: ['F1', 'F2'] });
    const scale = (json.state as { scale: number[] }).scale;
    expect(scale[0]).toBeCloseTo(13.3434, 4);
    expect(scale[1]).toBeCloseTo(2.9652, 4);
  });

  it('ZScoreNorm uses ddof 0 over the fit window', () => {
    const p = reg.create({
      class: 'ZScoreNorm',
      kwargs: { fields_group: 'feature', fit_start_time: '2020-01-02', fit_end_time: '2020-01-03' },
    });
    const frame = golden(100);
    p.fit(frame, ctx);
    const out = p.transform(frame, ctx);
    expectClose(col(out, 'F1'), [-0.996903, -0.926414, -0.855926, NaN, -0.36251, 0.342371, 1.047251, 1.752132]);
    const state = p.toJSON().state as { shift: number[]; scale: number[] };
    expectClose(state.shift, [15.142857, 13.8125]);
    expectClose(state.scale, [14.1868, 32.618953], 4);
  });

  it("ProcessInf replaces inf by the mean of that day's finite values", () => {
    const out = reg.create('ProcessInf').transform(golden(), ctx);
    expectClose(col(out, 'F2'), [0.5, 0.5, -1, 2, 4, 4, 1, 0]);
  });
});
