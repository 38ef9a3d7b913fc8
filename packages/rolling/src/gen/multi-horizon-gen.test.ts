import { describe, expect, it } from 'vitest';
import { segs, template, weekdayCalendar2020 } from '../../test/fixtures.js';
import { TimeAdjuster } from '../time-adjuster/time-adjuster.js';
import { MultiHorizonGen } from './multi-horizon-gen.js';
import { RollingGen } from './rolling-gen.js';
import { taskGenerator } from './task-gen.js';

const ta = new TimeAdjuster(weekdayCalendar2020());
const setLabel = (t: ReturnType<typeof template>, hr: number) => {
  t.model.kwargs.horizon = hr;
  return t;
};

describe('MultiHorizonGen', () => {
  it('one task per horizon, non-test segments end horizon + labelLeakN days before the test', () => {
    const tpl = template({ train: ['2020-01-02', '2020-03-31'], valid: ['2020-04-01', '2020-04-30'], test: ['2020-05-01', '2020-06-30'] });
    const tasks = new MultiHorizonGen(ta, { horizon: [1, 5], labelLeakN: 2, setHorizon: setLabel }).generate(tpl);
    expect(tasks.map((t) => t.model.kwargs.horizon)).toEqual([1, 5]);
    // test start 05-01 = idx 87: days 3 -> idx 84 = 04-28; days 7 -> idx 80 = 04-22
    expect(segs(tasks[0]!).valid).toEqual(['2020-04-01', '2020-04-28']);
    expect(segs(tasks[1]!).valid).toEqual(['2020-04-01', '2020-04-22']);
    expect(segs(tasks[1]!).test).toEqual(['2020-05-01', '2020-06-30']);
    expect(tpl.model.kwargs.horizon).toBeUndefined();
  });

  it('rejects an empty horizon list', () => {
    expect(() => new MultiHorizonGen(ta, { horizon: [], setHorizon: setLabel })).toThrow(/horizon/);
  });
});

describe('taskGenerator', () => {
  it('applies generators in turn, grouped by input task in input order', () => {
    const a = template({ train: ['2020-01-02', '2020-03-31'], valid: ['2020-04-01', '2020-04-30'], test: ['2020-05-01', '2020-08-31'] });
    const b = template({ train: ['2020-01-02', '2020-03-31'], valid: ['2020-04-01', '2020-04-30'], test: ['2020-05-01', '2020-05-28'] });
    const tasks = taskGenerator(
      [a, b],
      [new MultiHorizonGen(ta, { horizon: [1, 5], setHorizon: setLabel }), new RollingGen(ta, { step: 20 })],
    );
    // a: 2 horizons x 5 windows; b: 2 horizons x 1 window (its test end is 05-28)
    expect(tasks).toHaveLength(12);
    expect(tasks.slice(0, 5).every((t) => t.model.kwargs.horizon === 1)).toBe(true);
    expect(tasks.slice(5, 10).every((t) => t.model.kwargs.horizon === 5)).toBe(true);
    expect(segs(tasks[10]!).test).toEqual(['2020-05-01', '2020-05-28']);
    expect(tasks[10]!.model.kwargs.horizon).toBe(1);
  });

  it('accepts a single task and a single generator', () => {
    expect(taskGenerator(template(), new RollingGen(ta, { step: 20 }))).toHaveLength(5);
  });
});
