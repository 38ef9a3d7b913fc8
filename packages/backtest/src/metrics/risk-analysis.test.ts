import { describe, expect, it } from 'vitest';
import { riskAnalysis } from './risk-analysis.js';

describe('riskAnalysis (Qlib golden r = [-0.1, 0.05, 0.02, -0.03, 0.01])', () => {
  const r = Float64Array.of(-0.1, 0.05, 0.02, -0.03, 0.01);

  it('sum mode with N = 238 and N = 252', () => {
    const a = riskAnalysis(r);
    expect(a.mean).toBeCloseTo(-0.01, 12);
    expect(a.std).toBeCloseTo(0.057879, 6);
    expect(a.annualized_return).toBeCloseTo(-2.38, 10);
    expect(a.information_ratio).toBeCloseTo(-2.665423, 6);
    // the drawdown peak starts at the first cumulative value, so the day-1 loss is not a drawdown
    expect(a.max_drawdown).toBeCloseTo(-0.03, 12);
    const b = riskAnalysis(r, { N: 252 });
    expect(b.annualized_return).toBeCloseTo(-2.52, 10);
    expect(b.information_ratio).toBeCloseTo(-2.742697, 6);
  });

  it('product mode', () => {
    const a = riskAnalysis(r, { mode: 'product' });
    expect(a.mean).toBeCloseTo(-0.01139, 5);
    expect(a.annualized_return).toBeCloseTo(-0.934543, 6);
    expect(a.information_ratio).toBeCloseTo(-2.944577, 6);
    expect(a.max_drawdown).toBeCloseTo(-0.03, 12);
  });

  it('skips NaN like pandas', () => {
    expect(riskAnalysis(Float64Array.of(NaN, 0.01, 0.03)).mean).toBeCloseTo(0.02, 12);
  });
});
