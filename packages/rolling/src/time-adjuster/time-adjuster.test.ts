import { describe, expect, it } from 'vitest';
import { weekdayCalendar2020 } from '../../test/fixtures.js';
import { RollingError } from '../errors.js';
import { TimeAdjuster } from './time-adjuster.js';

const ta = new TimeAdjuster(weekdayCalendar2020());

describe('TimeAdjuster (research notes §1.3, weekday calendar 2020)', () => {
  it('has the positions the notes list', () => {
    expect(ta.length).toBe(262);
    const idx = (d: string) => ta.alignIdx(d);
    expect([idx('2020-01-01'), idx('2020-01-29'), idx('2020-05-01'), idx('2020-08-31'), idx('2020-12-04'), idx('2020-12-31')]).toEqual([
      0, 20, 87, 173, 242, 261,
    ]);
  });

  it('align_idx: start snaps forward (can be L), end snaps back (can be -1), null stays null', () => {
    expect(ta.alignIdx('2020-01-04', 'start')).toBe(3); // Saturday -> Monday 01-06
    expect(ta.alignIdx('2020-01-04', 'end')).toBe(2); // -> Friday 01-03
    expect(ta.alignIdx('2021-01-01', 'start')).toBe(262);
    expect(ta.alignIdx('2019-12-31', 'end')).toBe(-1);
    expect(ta.alignIdx(null)).toBeNull();
  });

  it('align_time maps to trading days and rejects dates outside the calendar (Qlib: IndexError / wrap)', () => {
    expect(ta.alignTime('2020-01-04')).toBe('2020-01-06');
    expect(ta.alignTime('2020-01-04', 'end')).toBe('2020-01-03');
    expect(ta.alignTime(null)).toBeNull();
    expect(() => ta.alignTime('2021-01-02')).toThrow(RollingError);
    expect(() => ta.alignTime('2019-12-01', 'end')).toThrow(/aligns to no trading day/);
  });

  it('cal_interval counts trading days between start-aligned dates', () => {
    expect(ta.calInterval('2020-01-11', '2020-01-04')).toBe(5);
    expect(ta.calInterval('2020-01-10', '2020-01-03')).toBe(5);
    expect(ta.calInterval('2020-01-03', '2020-01-10')).toBe(-5);
  });

  it('align_seg aligns each segment of a dict in key order; a weekend range inverts', () => {
    const out = ta.alignSegments({ test: ['2020-01-04', '2020-01-05'], train: ['2020-01-01', null] });
    expect(Object.keys(out)).toEqual(['test', 'train']);
    expect(out.test).toEqual(['2020-01-06', '2020-01-03']);
    expect(out.train).toEqual(['2020-01-01', null]);
  });

  it('get: null past the end, throws on a negative position', () => {
    expect(ta.get(261)).toBe('2020-12-31');
    expect(ta.get(262)).toBeNull();
    expect(ta.get(null)).toBeNull();
    expect(() => ta.get(-1)).toThrow(RollingError);
    expect(ta.max()).toBe('2020-12-31');
  });

  it('windowFrom: `days` trading days from an aligned start, an open end past the calendar', () => {
    expect(ta.windowFrom('2020-01-04', 5)).toEqual(['2020-01-06', '2020-01-10']); // Saturday -> Monday, 5 days
    expect(ta.windowFrom('2020-05-01', 20)).toEqual(['2020-05-01', '2020-05-28']); // RollingGen's first window (§2.5)
    expect(ta.windowFrom('2020-12-28', 4)).toEqual(['2020-12-28', '2020-12-31']);
    expect(ta.windowFrom('2020-12-28', 5)).toEqual(['2020-12-28', null]);
    expect(() => ta.windowFrom('2021-01-04', 5)).toThrow(expect.objectContaining({ code: 'SEGMENT_OUT_OF_RANGE' }));
    expect(() => ta.windowFrom('2020-01-06', 0)).toThrow(expect.objectContaining({ code: 'SEGMENT_INVALID' }));
  });

  it('shift: the table of §1.3', () => {
    expect(ta.shift(['2020-12-01', '2020-12-20'], 10)).toEqual(['2020-12-15', null]);
    expect(ta.shift(['2020-12-01', '2020-12-20'], 30, 'expanding')).toEqual(['2020-12-01', null]);
    expect(() => ta.shift(['2020-12-01', '2020-12-20'], 30)).toThrow(expect.objectContaining({ code: 'SEGMENT_OUT_OF_RANGE' }));
    expect(ta.shift(['2020-12-01', null], 5)).toEqual(['2020-12-08', null]);
    expect(ta.shift(['2020-12-01', '2020-12-20'], -5)).toEqual(['2020-11-24', '2020-12-11']);
  });

  it('shift: a start landing exactly on L gives an open start without raising (as Qlib)', () => {
    // 12-04 is idx 242; 242 + 20 = 262 = L
    expect(ta.shift(['2020-12-04', '2020-12-31'], 20)).toEqual([null, null]);
  });

  it('truncate: ends move to at most `days` before the test start; index 0 fails (#902)', () => {
    // days=3, test start 05-01 (idx 87): an end of 04-30 moves to idx 84 = 04-28
    expect(ta.truncate(['2020-04-01', '2020-04-30'], '2020-05-01', 3)).toEqual(['2020-04-01', '2020-04-28']);
    expect(ta.truncate(['2020-01-02', '2020-03-31'], '2020-05-01', 3)).toEqual(['2020-01-02', '2020-03-31']);
    expect(() => ta.truncate(['2020-01-01', '2020-03-31'], '2020-05-01', 3)).toThrow(/requires > 0/);
    expect(() => ta.truncate(['2020-01-02', null], '2020-05-01', 3)).toThrow(/open segment/);
  });

  it('rejects a malformed segment with a clear error', () => {
    expect(() => ta.shift(['2020-01-01'] as unknown as [string, string], 1)).toThrow(/\[start, end\] pair/);
  });
});
