import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { averageEnsemble } from './average-ensemble.js';
import { EnsembleError } from './errors.js';
import { RollingGroup } from './group.js';
import { tupleKey } from './keys.js';
import type { PredictionTable } from './prediction-table.js';
import { rollingEnsemble } from './rolling-ensemble.js';
import { singleKeyEnsemble } from './single-key-ensemble.js';
import { weightedBlend } from './weighted-blend.js';

/** A prediction table from `[datetime, instrument, score]` rows (in any order). */
function pred(rows: Array<[string, string, number | null]>): PredictionTable {
  return aq.table({
    datetime: rows.map((r) => r[0]),
    instrument: rows.map((r) => r[1]),
    score: rows.map((r) => (r[2] === null ? NaN : r[2])),
  });
}
const rowsOf = (t: PredictionTable) => t.objects() as Array<{ datetime: string; instrument: string; score: number }>;
const scores = (t: PredictionTable) => rowsOf(t).map((r) => r.score);

describe('rollingEnsemble (§6.2)', () => {
  const A = pred([
    ['2020-01-02', 'x', 1],
    ['2020-01-03', 'x', 2],
    ['2020-01-06', 'x', 3],
  ]);
  const B = pred([
    ['2020-01-07', 'x', 20],
    ['2020-01-06', 'x', 10],
  ]);

  it('the part with the later first date wins the overlap, whatever the record order', () => {
    for (const input of [
      { a: A, b: B },
      { b: B, a: A },
    ]) {
      const out = rowsOf(rollingEnsemble(input));
      expect(out.map((r) => [r.datetime, r.score])).toEqual([
        ['2020-01-02', 1],
        ['2020-01-03', 2],
        ['2020-01-06', 10],
        ['2020-01-07', 20],
      ]);
    }
  });

  it('equal first dates: the later part in record order wins; output sorted by datetime, instrument', () => {
    const C = pred([
      ['2020-01-02', 'y', 5],
      ['2020-01-02', 'x', 7],
    ]);
    const out = rowsOf(rollingEnsemble({ a: A, c: C }));
    expect(out.slice(0, 2)).toEqual([
      { datetime: '2020-01-02', instrument: 'x', score: 7 },
      { datetime: '2020-01-02', instrument: 'y', score: 5 },
    ]);
    expect(rowsOf(rollingEnsemble({ c: C, a: A }))[0]!.score).toBe(1);
  });

  it('reads filtered / ordered tables by their visible rows only', () => {
    const filtered = A.filter((d: { score: number }) => d.score > 1).orderby(aq.desc('datetime'));
    expect(rowsOf(rollingEnsemble({ f: filtered })).map((r) => r.score)).toEqual([2, 3]);
  });

  it('rejects parts with different columns or missing key columns', () => {
    const other = aq.table({ datetime: ['2020-01-02'], instrument: ['x'], label: [1] });
    expect(() => rollingEnsemble({ a: A, o: other })).toThrow(EnsembleError);
    expect(() => rollingEnsemble({ a: aq.table({ date: ['2020-01-02'], score: [1] }) })).toThrow(/no "datetime" column/);
  });
});

describe('averageEnsemble (§6.2 acceptance values)', () => {
  const X = pred([
    ['2020-01-02', 'a', 1],
    ['2020-01-02', 'b', 2],
    ['2020-01-02', 'c', 3],
    ['2020-01-03', 'a', 1],
    ['2020-01-03', 'b', 1],
    ['2020-01-03', 'c', 4],
  ]);
  const Y = pred([
    ['2020-01-02', 'a', 3],
    ['2020-01-02', 'b', 2],
    ['2020-01-02', 'c', 1],
    ['2020-01-03', 'a', 0],
    ['2020-01-03', 'b', 2],
    ['2020-01-03', 'c', 4],
  ]);

  it('X and Y', () => {
    const s = scores(averageEnsemble({ X, Y }));
    expect(s.slice(0, 3)).toEqual([0, 0, 0]);
    expect(s[3]).toBeCloseTo(-0.788675, 6);
    expect(s[4]).toBeCloseTo(-0.288675, 6);
    expect(s[5]).toBeCloseTo(1.07735, 6);
  });

  it('X with a Z missing a date and an instrument: absent columns are ignored per row', () => {
    const Z = pred([
      ['2020-01-02', 'a', 1],
      ['2020-01-02', 'b', 2],
    ]);
    const s = scores(averageEnsemble({ nested: { X }, Z }));
    const want = [-0.853553, 0.353553, 1.0, -0.57735, -0.57735, 1.154701];
    for (const [i, v] of s.entries()) expect(v).toBeCloseTo(want[i]!, 6);
  });

  it('a date with one instrument (std NaN) and NaN inputs give NaN, not a crash', () => {
    const one = pred([
      ['2020-01-02', 'a', 1],
      ['2020-01-03', 'a', 5],
      ['2020-01-03', 'b', null],
      ['2020-01-03', 'c', 7],
    ]);
    const out = rowsOf(averageEnsemble({ one }));
    expect(Number.isNaN(out[0]!.score)).toBe(true);
    expect(out[1]!.score).toBeCloseTo(-Math.SQRT1_2, 12);
    expect(Number.isNaN(out[2]!.score)).toBe(true);
    expect(out[3]!.score).toBeCloseTo(Math.SQRT1_2, 12);
  });
});

describe('RollingGroup', () => {
  it('groups tuple keys by all but the last part and rolls each group (§10 case 7)', () => {
    const A = pred([
      ['2020-01-02', 'x', 1],
      ['2020-01-03', 'x', 2],
    ]);
    const B = pred([
      ['2020-01-03', 'x', 9],
      ['2020-01-06', 'x', 3],
    ]);
    const out = new RollingGroup().reduce({
      [tupleKey('LGB', 's2')]: B,
      [tupleKey('LGB', 's1')]: A,
      [tupleKey('XGB', 'x')]: A,
    });
    expect(Object.keys(out)).toEqual([tupleKey('LGB'), tupleKey('XGB')]);
    expect(scores(out[tupleKey('LGB')]!)).toEqual([1, 9, 3]);
    expect(scores(out[tupleKey('XGB')]!)).toEqual([1, 2]);
  });

  it('rejects non-tuple keys like Qlib (TypeError there)', () => {
    expect(() => new RollingGroup().reduce({ plain: pred([['2020-01-02', 'x', 1]]) })).toThrow(/tuple keys/);
  });
});

describe('weightedBlend', () => {
  const S1 = pred([
    ['2020-01-02', 'a', 1],
    ['2020-01-02', 'b', 2],
    ['2020-01-02', 'c', 3],
  ]);
  const S2 = pred([
    ['2020-01-02', 'a', 30],
    ['2020-01-02', 'b', 10],
    ['2020-01-02', 'c', 20],
  ]);

  it('weighted mean of per-date z-scores; weights normalised', () => {
    // z1 = [-1, 0, 1]; z2 = [1, -1, 0]; weights 3:1 -> 0.75 z1 + 0.25 z2
    const s = scores(weightedBlend({ s1: { table: S1, weight: 3 }, s2: { table: S2, weight: 1 } }));
    expect(s).toEqual([-0.5, -0.25, 0.75]);
    const same = scores(weightedBlend({ s1: { table: S1, weight: 0.75 }, s2: { table: S2, weight: 0.25 } }));
    expect(same).toEqual(s);
  });

  it('re-normalises over the strategies present on a row', () => {
    const S3 = pred([
      ['2020-01-02', 'a', 5],
      ['2020-01-02', 'b', 6],
      ['2020-01-02', 'd', 100],
    ]);
    // d only in S3; S3 on this date: mean 37, z(d) = (100 - 37) / std
    const out = rowsOf(weightedBlend({ s1: { table: S1, weight: 1 }, s3: { table: S3, weight: 1 } }));
    const std = Math.sqrt(((5 - 37) ** 2 + (6 - 37) ** 2 + (100 - 37) ** 2) / 2);
    expect(out.find((r) => r.instrument === 'd')!.score).toBeCloseTo(63 / std, 12);
    expect(out.find((r) => r.instrument === 'c')!.score).toBe(1);
  });

  it('standardize: false blends raw scores', () => {
    const s = scores(weightedBlend({ s1: { table: S1, weight: 1 }, s2: { table: S2, weight: 1 } }, { standardize: false }));
    expect(s).toEqual([15.5, 6, 11.5]);
  });

  it('rejects negative, non-finite and all-zero weights', () => {
    expect(() => weightedBlend({ s1: { table: S1, weight: -1 } })).toThrow(/weight of strategy "s1"/);
    expect(() => weightedBlend({ s1: { table: S1, weight: NaN } })).toThrow(EnsembleError);
    expect(() => weightedBlend({ s1: { table: S1, weight: 0 } })).toThrow(/sum to 0/);
    expect(() => weightedBlend({ s1: { table: S1, weight: 1 } }, { column: 'pred' })).toThrow(/no "pred" column/);
  });
});

describe('singleKeyEnsemble', () => {
  it('unwraps single-key records (§6.2)', () => {
    expect(singleKeyEnsemble({ a: { b: 1 } })).toBe(1);
    expect(singleKeyEnsemble({ a: 1, b: { c: 2 } })).toEqual({ a: 1, b: 2 });
    expect(singleKeyEnsemble({ a: { b: 1 } }, false)).toEqual({ b: 1 });
  });
});
