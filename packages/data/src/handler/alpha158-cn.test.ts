import { cnQlibDir } from '@rollq/tools';
import { describe, expect, it } from 'vitest';
import { computeFeatures } from '../features/compute-features.js';
import { QlibProvider } from '../storage/qlib-provider.js';
import { alpha158 } from './alpha158.js';
import { handlerColumns } from './resolve-handler.js';

const cn = cnQlibDir();

describe.skipIf(!cn.dir)(`Alpha158 on the real CN CSI300 data${cn.reason ? ` (${cn.reason})` : ''}`, () => {
  it('computes a month of csi300: ~300 instruments a day, VWAP0 all NaN, sane values', () => {
    const provider = QlibProvider.open(cn.dir!);
    const frame = computeFeatures(provider, {
      fields: handlerColumns(alpha158()),
      instruments: 'csi300',
      start: '2020-01-01',
      end: '2020-01-31',
    });
    const days = new Set(frame.rowDate).size;
    expect(days).toBeGreaterThan(15);
    expect(frame.rowDate.length / days).toBeGreaterThan(250);
    expect(frame.rowDate.length / days).toBeLessThanOrEqual(300);
    const col = (n: string) => frame.values[frame.columns.indexOf(n)]!;
    expect(col('VWAP0').every((v) => Number.isNaN(v))).toBe(true);
    const finite = (n: string) => col(n).filter((v) => Number.isFinite(v));
    // mid-history stocks have their 60-day lookback: ROC60 is mostly defined, RSQR in [0, 1], RANK in (0, 1]
    expect(finite('ROC60').length / frame.rowDate.length).toBeGreaterThan(0.9);
    expect(finite('RSQR20').every((v) => v >= 0 && v <= 1 + 1e-6)).toBe(true);
    expect(finite('RANK5').every((v) => v > 0 && v <= 1)).toBe(true);
    expect(finite('MA5').every((v) => v > 0.5 && v < 2)).toBe(true);
    // LABEL0 is defined inside the range: the engine loads future rows past `end`
    expect(finite('LABEL0').length / frame.rowDate.length).toBeGreaterThan(0.9);
    // (date, instrument) order
    for (let r = 1; r < frame.rowDate.length; r++) {
      const d = frame.rowDate[r]! - frame.rowDate[r - 1]!;
      expect(d > 0 || (d === 0 && frame.instruments[frame.rowInstrument[r]!]! > frame.instruments[frame.rowInstrument[r - 1]!]!)).toBe(
        true,
      );
    }
  });
});
