import { describe, expect, it } from 'vitest';
import { handlerEnd, segs, template, weekdayCalendar2020 } from '../../test/fixtures.js';
import { RollingError } from '../errors.js';
import { TimeAdjuster } from '../time-adjuster/time-adjuster.js';
import { RollingGen } from './rolling-gen.js';

const ta = new TimeAdjuster(weekdayCalendar2020());

describe('RollingGen worked example (§2.5: step 20, weekday calendar 2020)', () => {
  const valid = [
    ['2020-04-01', '2020-04-30'],
    ['2020-04-29', '2020-05-28'],
    ['2020-05-27', '2020-06-25'],
    ['2020-06-24', '2020-07-23'],
    ['2020-07-22', '2020-08-20'],
  ];
  const test = [
    ['2020-05-01', '2020-05-28'],
    ['2020-05-29', '2020-06-25'],
    ['2020-06-26', '2020-07-23'],
    ['2020-07-24', '2020-08-20'],
    ['2020-08-21', '2020-09-17'],
  ];
  const trainEnds = ['2020-03-31', '2020-04-28', '2020-05-26', '2020-06-23', '2020-07-21'];

  it('expanding: train start fixed, valid/test slide, last test overruns the template end', () => {
    const tasks = new RollingGen(ta, { step: 20, rtype: 'expanding' }).generate(template());
    expect(tasks.map((t) => segs(t))).toEqual(trainEnds.map((e, i) => ({ train: ['2020-01-01', e], valid: valid[i], test: test[i] })));
  });

  it('sliding: the train start moves by 20 positions too (idx 0, 20, 40, 60, 80)', () => {
    const tasks = new RollingGen(ta, { step: 20, rtype: 'sliding' }).generate(template());
    const starts = ['2020-01-01', '2020-01-29', '2020-02-26', '2020-03-25', '2020-04-22'];
    expect(tasks.map((t) => segs(t))).toEqual(trainEnds.map((e, i) => ({ train: [starts[i], e], valid: valid[i], test: test[i] })));
    expect(starts.map((d) => ta.alignIdx(d))).toEqual([0, 20, 40, 60, 80]);
  });

  it('handler end_time is extended to the test end, never shortened', () => {
    const tasks = new RollingGen(ta, { step: 20 }).generate(template());
    expect(tasks.map(handlerEnd)).toEqual(['2020-06-30', '2020-06-30', '2020-07-23', '2020-08-20', '2020-09-17']);
    // only end_time changes
    for (const t of tasks) {
      const h = t.dataset.kwargs.handler;
      expect(typeof h !== 'string' && h.kwargs.start_time).toBe('2020-01-01');
    }
  });

  it('never mutates the template and hands out independent copies', () => {
    const tpl = template();
    const before = structuredClone(tpl);
    const tasks = new RollingGen(ta, { step: 20 }).generate(tpl);
    expect(tpl).toEqual(before);
    segs(tasks[0]!).test![0] = 'x';
    expect(segs(tasks[1]!).test![0]).toBe('2020-05-29');
    expect(tasks[0]!.model).not.toBe(tasks[1]!.model);
  });
});

describe('RollingGen edge cases', () => {
  it('trunc_days=3 cuts the first task; later ones keep the same gap (§2.5)', () => {
    const tpl = template({ train: ['2020-01-02', '2020-03-31'], valid: ['2020-04-01', '2020-04-30'], test: ['2020-05-01', '2020-06-30'] });
    const tasks = new RollingGen(ta, { step: 20, truncDays: 3 }).generate(tpl);
    expect(tasks.map((t) => segs(t))).toEqual([
      { train: ['2020-01-02', '2020-03-31'], valid: ['2020-04-01', '2020-04-28'], test: ['2020-05-01', '2020-05-28'] },
      { train: ['2020-01-02', '2020-04-28'], valid: ['2020-04-29', '2020-05-26'], test: ['2020-05-29', '2020-06-25'] },
      { train: ['2020-01-02', '2020-05-26'], valid: ['2020-05-27', '2020-06-23'], test: ['2020-06-26', '2020-07-23'] },
    ]);
  });

  it('trunc_days with the train start on calendar index 0 fails as Qlib asserts (#902)', () => {
    const tpl = template({ train: ['2020-01-01', '2020-03-31'], valid: ['2020-04-01', '2020-04-30'], test: ['2020-05-01', '2020-06-30'] });
    expect(() => new RollingGen(ta, { step: 20, truncDays: 3 }).generate(tpl)).toThrow(RollingError);
  });

  it('open test end: windows run to the calendar end, the last one open, handler end null (§2.5, post-0.9.7)', () => {
    const tpl = template({ train: ['2020-01-01', '2020-09-30'], valid: ['2020-10-01', '2020-10-30'], test: ['2020-11-01', null] });
    const tasks = new RollingGen(ta, { step: 20 }).generate(tpl);
    expect(tasks.map((t) => segs(t).test)).toEqual([
      ['2020-11-02', '2020-11-27'],
      ['2020-11-30', '2020-12-25'],
      ['2020-12-28', null],
    ]);
    expect(tasks.map(handlerEnd)).toEqual(['2020-11-27', '2020-12-25', null]);
  });

  it('lastDate (future calendar): an open test end rolls up to the current data, windows may reach beyond', () => {
    const tpl = template({ train: ['2020-01-01', '2020-09-30'], valid: ['2020-10-01', '2020-10-30'], test: ['2020-11-01', null] });
    const tasks = new RollingGen(ta, { step: 20, lastDate: '2020-11-30' }).generate(tpl);
    // next starts: 11-02, 11-30 (<= 11-30), 12-28 (> 11-30, stop)
    expect(tasks.map((t) => segs(t).test)).toEqual([
      ['2020-11-02', '2020-11-27'],
      ['2020-11-30', '2020-12-25'],
    ]);
  });

  it('test start at idx 242 with step 20: one task and a clean stop where Python raises TypeError (#1660)', () => {
    const tpl = template({ train: ['2020-01-01', '2020-10-30'], valid: ['2020-11-02', '2020-12-03'], test: ['2020-12-04', '2020-12-31'] });
    const tasks = new RollingGen(ta, { step: 20 }).generate(tpl);
    expect(tasks.map((t) => segs(t).test)).toEqual([['2020-12-04', '2020-12-31']]);
  });

  it('a step longer than the template test gives one step-long window', () => {
    const tpl = template({ train: ['2020-01-01', '2020-03-31'], valid: ['2020-04-01', '2020-04-30'], test: ['2020-05-01', '2020-05-10'] });
    const tasks = new RollingGen(ta, { step: 20 }).generate(tpl);
    expect(tasks.map((t) => segs(t).test)).toEqual([['2020-05-01', '2020-05-28']]);
  });

  it('trainKey null makes every segment slide even under expanding (DDG-DA style)', () => {
    const tasks = new RollingGen(ta, { step: 20, trainKey: null }).generate(template());
    expect(segs(tasks[1]!).train).toEqual(['2020-01-29', '2020-04-28']);
  });

  it('a custom hook replaces handler_mod; null disables it', () => {
    const seen: string[] = [];
    const gen = new RollingGen(ta, {
      step: 20,
      dsExtraModFunc: (t) => {
        seen.push(segs(t).test![0]!);
        return { ...t, model: { ...t.model, kwargs: { ...t.model.kwargs, tag: segs(t).test![0] } } };
      },
    });
    const tasks = gen.generate(template());
    expect(seen).toEqual(['2020-05-01', '2020-05-29', '2020-06-26', '2020-07-24', '2020-08-21']);
    expect(tasks[2]!.model.kwargs.tag).toBe('2020-06-26');
    const plain = new RollingGen(ta, { step: 20, dsExtraModFunc: null }).generate(template());
    expect(plain.map(handlerEnd).every((e) => e === '2020-06-30')).toBe(true);
  });

  it('a string handler (file:// cache) is left alone', () => {
    const tpl = template();
    tpl.dataset.kwargs.handler = 'file:///tmp/Alpha158.3584f5f8b4.pkl';
    const tasks = new RollingGen(ta, { step: 20 }).generate(tpl);
    expect(tasks.every((t) => t.dataset.kwargs.handler === 'file:///tmp/Alpha158.3584f5f8b4.pkl')).toBe(true);
  });

  it('a handler end_time of null with a bounded test end stays null', () => {
    const tasks = new RollingGen(ta, { step: 20 }).generate(template(undefined, null));
    expect(tasks.map(handlerEnd).every((e) => e === null)).toBe(true);
  });

  it('rejects bad options and templates with errors naming the fix', () => {
    expect(() => new RollingGen(ta, { step: 0 })).toThrow(/step/);
    expect(() => new RollingGen(ta, { rtype: 'rolling' as 'sliding' })).toThrow(expect.objectContaining({ code: 'GENERATOR_INVALID' }));
    const noTest = template({ train: ['2020-01-01', '2020-03-31'] });
    expect(() => new RollingGen(ta).generate(noTest)).toThrow(/no "test" segment/);
    const openStart = template({ train: ['2020-01-01', '2020-03-31'], test: [null, '2020-06-30'] });
    expect(() => new RollingGen(ta).generate(openStart)).toThrow(/open start/);
    const late = template({ train: ['2020-01-01', '2020-03-31'], test: ['2021-02-01', null] });
    expect(() => new RollingGen(ta).generate(late)).toThrow(RollingError);
  });
});
