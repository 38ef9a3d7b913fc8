import { describe, expect, it } from 'vitest';
import { InMemoryDataset, rSquared, syntheticTabular } from '../testing/index.js';
import { LinearModel } from './linear-model.js';
import { solveSymmetric } from './solve.js';

const ds = new InMemoryDataset({
  train: syntheticTabular({ nRows: 3000, nFeatures: 12, seed: 2 }),
  test: syntheticTabular({ nRows: 1000, nFeatures: 12, seed: 4 }),
});

describe('LinearModel', () => {
  it('OLS explains the linear part of the signal on held-out rows (R² > 0.8)', async () => {
    const m = new LinearModel();
    await m.fit(ds);
    expect(rSquared(ds.prepare('test').y, m.predict(ds))).toBeGreaterThan(0.8);
  });

  it('ridge shrinks the coefficients', async () => {
    const ols = new LinearModel({ estimator: 'ols' });
    const ridge = new LinearModel({ estimator: 'ridge', alpha: 3000 });
    await ols.fit(ds);
    await ridge.fit(ds);
    const norm = (c: Float64Array) => Math.hypot(...c);
    expect(norm(ridge.coefficients.coef)).toBeLessThan(0.8 * norm(ols.coefficients.coef));
  });

  it('drops training rows with a NaN feature and scores NaN rows as NaN (Qlib)', async () => {
    const nan = new InMemoryDataset({
      train: syntheticTabular({ nRows: 3000, nFeatures: 12, seed: 2, nanRate: 0.01 }),
      test: syntheticTabular({ nRows: 500, nFeatures: 12, seed: 5, nanRate: 0.01 }),
    });
    const m = new LinearModel();
    await m.fit(nan);
    const test = nan.prepare('test');
    const p = m.predict(nan);
    for (let i = 0; i < test.nRows; i++) {
      const rowHasNan = test.x.subarray(i * 12, i * 12 + 12).some(Number.isNaN);
      expect(Number.isNaN(p[i])).toBe(rowHasNan);
    }
    expect(p.some(Number.isNaN)).toBe(true);
  });

  it('solves singular systems with the minimum-norm solution', () => {
    // Two identical columns: any split of the weight fits, the minimum-norm one splits it evenly.
    const a = Float64Array.from([2, 2, 2, 2]);
    const b = Float64Array.from([4, 4]);
    const beta = solveSymmetric(a, b, 2, 0);
    expect(beta[0]).toBeCloseTo(1, 10);
    expect(beta[1]).toBeCloseTo(1, 10);
  });
});
