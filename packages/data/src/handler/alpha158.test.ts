import { describe, expect, it } from 'vitest';
import { writeSyntheticProvider } from '../expr/testing/synthetic-provider.js';
import { computeFeatures } from '../features/compute-features.js';
import { alpha158 } from './alpha158.js';
import { alpha360 } from './alpha360.js';
import { handlerColumns } from './resolve-handler.js';
import { GOLDEN_DATES, GOLDEN_TABLE, MOCK_1101_ROWS } from './testing/alpha158-golden.js';

function mockProvider() {
  const rows = MOCK_1101_ROWS.trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/));
  const col = (k: number) => rows.map((r) => Number(r[k]));
  // no vwap file, as in qlib's fixture: VWAP0 must come out NaN
  return writeSyntheticProvider(
    rows.map((r) => r[0]!),
    {
      '1101': { fields: { open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) } },
    },
  );
}

describe('alpha158', () => {
  it('has Qlib names and order: 158 features + LABEL0', () => {
    const h = alpha158();
    expect(h.features).toHaveLength(158);
    expect(h.features.slice(0, 14).map((f) => f.name)).toEqual([
      'KMID',
      'KLEN',
      'KMID2',
      'KUP',
      'KUP2',
      'KLOW',
      'KLOW2',
      'KSFT',
      'KSFT2',
      'OPEN0',
      'HIGH0',
      'LOW0',
      'VWAP0',
      'ROC5',
    ]);
    expect(h.features.at(-1)).toEqual({ name: 'VSUMD60', expr: expect.stringContaining('Sum(Greater($volume-Ref($volume, 1), 0), 60)') });
    expect(h.features.find((f) => f.name === 'IMXD20')!.expr).toBe('(IdxMax($high, 20)-IdxMin($low, 20))/20');
    expect(h.labels).toEqual([{ name: 'LABEL0', expr: 'Ref($close, -2)/Ref($close, -1) - 1' }]);
  });

  it('reproduces qlib golden values on MOCK_DATA symbol 1101 (research §3.9)', () => {
    const provider = mockProvider();
    const frame = computeFeatures(provider, { fields: handlerColumns(alpha158()), instruments: 'all' });
    expect(frame.rowDate.length).toBe(55);
    const dateRows = GOLDEN_DATES.map((d) => {
      const pos = provider.calendar.indexOf(d);
      return frame.rowDate.indexOf(pos);
    });
    let checked = 0;
    for (const line of GOLDEN_TABLE.trim().split('\n')) {
      const [name, rest] = [line.slice(0, 9).trim(), line.slice(9)];
      const expected = rest.split('|').map((s) => (s.trim() === 'nan' ? NaN : Number(s)));
      const c = frame.columns.indexOf(name);
      expect(c, name).toBeGreaterThanOrEqual(0);
      expected.forEach((e, k) => {
        const a = frame.values[c]![dateRows[k]!]!;
        if (Number.isNaN(e)) expect(a, `${name} on ${GOLDEN_DATES[k]}`).toBeNaN();
        else expect(Math.abs(a - e), `${name} on ${GOLDEN_DATES[k]}: ${a} vs ${e}`).toBeLessThanOrEqual(1e-5 * Math.abs(e) + 2e-6);
        checked++;
      });
    }
    expect(checked).toBe(159 * 5);
  });

  it('alpha360 matches its golden values (research §3.2)', () => {
    const provider = mockProvider();
    const h = alpha360();
    expect(h.features).toHaveLength(360);
    expect(h.features[0]!.name).toBe('CLOSE59');
    expect(h.features[359]).toEqual({ name: 'VOLUME0', expr: '$volume/($volume+1e-12)' });
    const frame = computeFeatures(provider, { fields: h.features, instruments: ['1101'], start: '2022-02-25', end: '2022-02-25' });
    const get = (n: string) => frame.values[frame.columns.indexOf(n)]![0]!;
    const golden: Record<string, number> = {
      CLOSE1: 0.998944,
      CLOSE0: 1,
      OPEN0: 0.996832,
      HIGH5: 1.00422,
      LOW10: 0.995776,
      VOLUME1: 0.901621,
      VOLUME0: 1,
      CLOSE54: 0.98416,
    };
    for (const [n, v] of Object.entries(golden)) expect(get(n), n).toBeCloseTo(v, 5);
    expect(get('CLOSE59')).toBeNaN();
    expect(get('VWAP0')).toBeNaN();
  });
});
