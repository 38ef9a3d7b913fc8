import { describe, expect, it } from 'vitest';
import type { FitProgress } from '../core/model.js';
import { ModelError } from '../errors.js';
import { InMemoryDataset, rSquared, syntheticTabular } from '../testing/index.js';
import { GBDTModel, parseEval } from './gbdt-model.js';
import { loadXGBoost } from './xgboost-lib.js';

const ds = new InMemoryDataset({
  train: syntheticTabular({ nRows: 3000, nFeatures: 10, seed: 2, nanRate: 0.02 }),
  valid: syntheticTabular({ nRows: 800, nFeatures: 10, seed: 3 }),
  test: syntheticTabular({ nRows: 800, nFeatures: 10, seed: 4 }),
});

describe('GBDTModel (XGBoost through koffi)', () => {
  it('learns the signal: held-out R² > 0.7, with progress per round', async () => {
    const m = new GBDTModel({ num_boost_round: 120, num_leaves: 15, learning_rate: 0.1, min_data_in_leaf: 5, num_threads: 1 });
    const seen: FitProgress[] = [];
    const evals: Record<string, Record<string, number[]>> = {};
    await m.fit(ds, { onProgress: (p) => seen.push(p), evalsResult: evals });
    expect(rSquared(ds.prepare('test').y, m.predict(ds))).toBeGreaterThan(0.7);
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.map((p) => p.current)).toEqual(seen.map((_, i) => i + 1));
    expect(seen[0].unit).toBe('round');
    expect(evals.valid.rmse.length).toBe(seen.length);
    expect(evals.valid.rmse.at(-1)!).toBeLessThan(evals.valid.rmse[0]);
    m.dispose();
  });

  it('early stopping stops and keeps the best round', async () => {
    const noise = new InMemoryDataset({
      train: syntheticTabular({ nRows: 1000, nFeatures: 5, seed: 2, noise: 1 }),
      valid: syntheticTabular({ nRows: 500, nFeatures: 5, seed: 3, noise: 1, weightSeed: 99 }),
    });
    const m = new GBDTModel({ num_boost_round: 500, early_stopping_rounds: 5, learning_rate: 0.3, num_threads: 1 });
    let rounds = 0;
    await m.fit(noise, { onProgress: (p) => (rounds = p.current) });
    expect(rounds).toBeLessThan(500);
    expect(rounds).toBe(m.bestIteration + 1 + 5);
    m.dispose();
  });

  it('aborts between rounds through the signal', async () => {
    const m = new GBDTModel({ num_boost_round: 1000, early_stopping_rounds: 0, num_threads: 1 });
    const ctl = new AbortController();
    const fit = m.fit(ds, { signal: ctl.signal, onProgress: (p) => p.current === 3 && ctl.abort() });
    await expect(fit).rejects.toMatchObject({ code: 'ABORTED' });
    expect(m.fitted).toBe(false);
  });

  it('a missing library gives the install command', async () => {
    const e = (() => {
      try {
        loadXGBoost({ libPath: '/nonexistent/libxgboost.so' });
      } catch (err) {
        return err as ModelError;
      }
      throw new Error('expected XGBOOST_NOT_FOUND');
    })();
    expect(e.code).toBe('XGBOOST_NOT_FOUND');
    expect(e.message).toContain('/nonexistent/libxgboost.so');
    expect(e.hint).toContain('apt-get install -y libxgboost0');
    expect(e.hint).toContain('pip install xgboost');
    expect(() => loadXGBoost({ env: {}, searchSystem: false, searchPython: false })).toThrow(/could not be loaded/);
    await expect(new GBDTModel({ xgboost_lib: '/nonexistent/libxgboost.so' }).fit(ds)).rejects.toMatchObject({ code: 'XGBOOST_NOT_FOUND' });
  });

  it('predict before fit is NOT_FITTED', () => {
    expect(() => new GBDTModel().predict(ds)).toThrow(ModelError);
  });

  it('parses XGBoost eval lines', () => {
    expect(parseEval('[3]\ttrain-rmse:0.41\tvalid-rmse:5e-2')).toEqual([
      ['train', 'rmse', 0.41],
      ['valid', 'rmse', 0.05],
    ]);
  });
});
