import { describe, expect, it } from 'vitest';
import { goldenProvider } from '../../test/golden-data.js';
import { closeReturnLabel } from './label.js';

describe('closeReturnLabel', () => {
  it('with a span, gives the same labels on it and NaN elsewhere', () => {
    const provider = goldenProvider();
    const full = closeReturnLabel(provider)('SH600003');
    const part = closeReturnLabel(provider, { from: 5, to: 17 })('SH600003');
    expect(part).toHaveLength(full.length);
    expect(Array.from(part)).toEqual(Array.from(full, (v, t) => (t >= 5 && t <= 17 ? v : NaN)));
    expect(Array.from(part.subarray(5, 18)).every(Number.isFinite)).toBe(true);
  });

  it('labels many symbols at once as one at a time (an unknown symbol: all NaN)', () => {
    const provider = goldenProvider();
    const label = closeReturnLabel(provider, { from: 3, to: 20 });
    const symbols = provider.symbols().slice(0, 3).concat(['NOSUCH']);
    const rows = label.matrix!(symbols);
    expect(rows.map((r) => Array.from(r))).toEqual(symbols.map((s) => Array.from(label(s))));
    expect(Array.from(rows[3]!).every(Number.isNaN)).toBe(true);
    expect(Array.from(rows[0]!.subarray(3, 21)).some(Number.isFinite)).toBe(true);
  });
});
