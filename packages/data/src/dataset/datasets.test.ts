import { describe, expect, it } from 'vitest';
import { DataError } from '../errors.js';
import { DataHandlerLP } from './data-handler-lp.js';
import { DatasetH } from './dataset-h.js';
import { frameFromRows } from './frame-from-rows.js';
import { toTable } from './to-table.js';
import { TSDatasetH } from './ts-dataset-h.js';

const CAL = ['2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07', '2020-01-08', '2020-01-09'];

/** A starts on day 0, B on day 2 and misses day 4; F1 = 10*day + inst, LABEL0 NaN on the last day. */
function handler(config = {}) {
  const rows: Array<[string, string]> = [];
  const f1: number[] = [];
  const f2: number[] = [];
  const lab: number[] = [];
  CAL.forEach((d, i) => {
    for (const [k, s] of ['A', 'B'].entries()) {
      if (s === 'B' && (i < 2 || i === 4)) continue;
      rows.push([d, s]);
      f1.push(10 * i + k);
      f2.push(100 - (10 * i + k));
      lab.push(i === 5 ? NaN : i + k / 10);
    }
  });
  const frame = frameFromRows({ calendar: CAL, rows, columns: { F1: f1, F2: f2, LABEL0: lab } });
  return new DataHandlerLP({ frame, labelColumns: ['LABEL0'], config: { learn_processors: ['DropnaLabel'], ...config } });
}

const segments = { train: ['2020-01-02', '2020-01-06'], test: ['2020-01-07', '2020-01-09'] };

describe('segments', () => {
  const bad = (segs: unknown) => {
    try {
      new DatasetH(handler(), segs);
    } catch (e) {
      expect(e).toBeInstanceOf(DataError);
      expect((e as DataError).code).toBe('SEGMENT_INVALID');
      return e as DataError;
    }
    throw new Error('no error');
  };
  it('names the segment and the fix', () => {
    expect(bad({ valid: ['2020-01-07', '2020-01-03'] }).message).toBe('segment "valid" starts at 2020-01-07, after its end 2020-01-03');
    const out = bad({ test: ['2020-01-07', '2021-01-01'] });
    expect(out.message).toContain('"test"');
    expect(out.hint).toContain('2020-01-02..2020-01-09');
    expect(bad({ train: ['2020/01/02', '2020-01-03'] }).message).toMatch(/"train".*ISO date/);
    expect(bad({}).message).toBe('no segments given');
    expect(() => new DatasetH(handler(), segments).prepare('valid')).toThrow(/unknown segment "valid"/);
  });
});

describe('DatasetH', () => {
  it('learn drops NaN labels, infer keeps every row; row-major Float32 in (datetime, instrument) order', () => {
    const ds = new DatasetH(handler(), segments);
    expect(ds.segmentNames()).toEqual(['train', 'test']);
    const train = ds.prepare('train', 'learn');
    expect(train.nRows).toBe(4); // (day 0, A), (day 1, A), (day 2, A), (day 2, B)
    expect(train.featureNames).toEqual(['F1', 'F2']);
    expect(Array.from(train.x)).toEqual([0, 100, 10, 90, 20, 80, 21, 79]);
    expect(train.x).toBeInstanceOf(Float32Array);
    const test = ds.prepare('test', 'infer');
    expect(test.nRows).toBe(5); // day 3 A,B; day 4 A; day 5 A,B (NaN labels kept)
    expect(Number.isNaN(test.y[4])).toBe(true);
    expect(ds.prepare('test', 'learn').nRows).toBe(3);
    expect(Array.from(test.index.rowDate)).toEqual([3, 3, 4, 5, 5]);
    expect(test.index.instruments[test.index.rowInstrument[2]!]).toBe('A');
  });

  it('learnRowPool: all learn rows once, and where each segment and the fit window lie in them', () => {
    for (const config of [{}, { learn_processors: ['DropnaLabel', { class: 'CSZScoreNorm', kwargs: { fields_group: 'feature' } }] }]) {
      const h = handler({ fit_start_time: '2020-01-02', fit_end_time: '2020-01-03', ...config });
      const ds = new DatasetH(h, segments, { sharedHandler: true });
      const pool = ds.learnRowPool();
      expect(pool.id).toBe(h);
      expect(new DatasetH(h, { train: ['2020-01-02', '2020-01-03'] }).learnRowPool().id).toBe(pool.id);
      expect(pool.shared).toBe(true);
      expect(new DatasetH(h, segments).learnRowPool().shared).toBe(false);
      const all = pool.rows();
      expect(all.nRows).toBe(pool.nRows);
      expect(pool.nRows).toBe(7); // 9 rows, the last day's two NaN labels dropped
      expect(pool.fitWindow).toEqual([0, 2]); // (day 0, A), (day 1, A)
      for (const name of ['train', 'test']) {
        const [lo, hi] = pool.segmentRows(name);
        const seg = ds.prepare(name, 'learn');
        expect(hi - lo).toBe(seg.nRows);
        expect(Array.from(all.x.subarray(lo * all.nFeatures, hi * all.nFeatures))).toEqual(Array.from(seg.x));
        expect(Array.from(all.y.subarray(lo, hi))).toEqual(Array.from(seg.y));
      }
    }
    expect(new DatasetH(handler(), segments).learnRowPool().fitWindow).toBeNull();
  });

  it('toTable gives datetime, instrument, then the columns', () => {
    const t = toTable(new DatasetH(handler(), segments).fetch('test'));
    expect(t.columnNames()).toEqual(['datetime', 'instrument', 'F1', 'F2', 'LABEL0']);
    expect(t.numRows()).toBe(5);
    expect(t.get('datetime', 2)).toBe('2020-01-08');
    expect(t.get('instrument', 1)).toBe('B');
    expect(t.get('F1', 1)).toBe(31);
  });
});

describe('TSDatasetH', () => {
  it('windows end at the sample date; days before an instrument starts are NaN', () => {
    const ds = new TSDatasetH(handler(), segments, { step_len: 3 });
    const s = ds.prepare('train', 'infer');
    expect(s.nRows).toBe(4);
    expect(s.stepLen).toBe(3);
    const at = (i: number, t: number, f: number) => s.x[(i * 3 + t) * 2 + f]!;
    // sample 0 = (day 0, A): two padded steps then day 0
    expect([at(0, 0, 0), at(0, 1, 0), at(0, 2, 0)]).toEqual([NaN, NaN, 0]);
    // sample 3 = (day 2, B): B has no rows on days 0-1
    expect(s.index.rowInstrument[3]).toBe(1);
    expect([at(3, 0, 0), at(3, 1, 0), at(3, 2, 0)]).toEqual([NaN, NaN, 21]);
    expect(at(2, 0, 1)).toBe(100); // (day 2, A) window starts at day 0
  });

  it('a missing day inside a window is NaN, or the previous row with ffill; consecutive windows overlap', () => {
    const plain = new TSDatasetH(handler(), segments, { step_len: 3 }).prepare('test', 'infer');
    const at = (x: Float32Array, i: number, t: number) => x[(i * 3 + t) * 2]!;
    // sample 4 = (day 5, B): days 3, 4 (missing), 5; extended fetch gives earlier days too
    expect(plain.index.rowInstrument[4]).toBe(1);
    expect([at(plain.x, 4, 0), at(plain.x, 4, 1), at(plain.x, 4, 2)]).toEqual([31, NaN, 51]);
    // the test segment reaches back into train days through the step_len extension
    expect([at(plain.x, 0, 0), at(plain.x, 0, 1), at(plain.x, 0, 2)]).toEqual([10, 20, 30]);
    // (day 3, A) and (day 4, A): window i+1 shifted by one day
    expect(at(plain.x, 2, 0)).toBe(at(plain.x, 0, 1));
    const ff = new TSDatasetH(handler(), segments, { step_len: 3, fillna_type: 'ffill' }).prepare('test', 'infer');
    expect([at(ff.x, 4, 0), at(ff.x, 4, 1), at(ff.x, 4, 2)]).toEqual([31, 31, 51]);
    const fb = new TSDatasetH(handler(), segments, { step_len: 4, fillna_type: 'ffill+bfill' }).prepare('train', 'infer');
    // (day 2, B) with 4 steps: days -1, 0, 1 missing → back-filled from day 2
    expect(Array.from({ length: 4 }, (_, t) => fb.x[(3 * 4 + t) * 2]!)).toEqual([21, 21, 21, 21]);
    expect(() => new TSDatasetH(handler(), segments, { step_len: 0 })).toThrow(/step_len/);
  });

  it('learn view: rows dropped for NaN labels are not samples but leave NaN steps', () => {
    const s = new TSDatasetH(handler(), segments, { step_len: 2 }).prepare('test', 'learn');
    expect(s.nRows).toBe(3);
    expect(Array.from(s.y)).toEqual([3, 3.0999999046325684, 4]);
  });
});
