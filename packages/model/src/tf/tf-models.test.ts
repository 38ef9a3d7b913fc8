import { describe, expect, it } from 'vitest';
import type { FitProgress } from '../core/model.js';
import { InMemoryDataset, rSquared, syntheticSequence, syntheticTabular } from '../testing/index.js';
import { MLPModel } from './mlp-model.js';
import { RNNModel } from './rnn-model.js';

// Small data and few steps: the suite shares 2 cores, and wasm trains on one thread.
const tab = new InMemoryDataset({
  train: syntheticTabular({ nRows: 2000, nFeatures: 8, seed: 2 }),
  valid: syntheticTabular({ nRows: 500, nFeatures: 8, seed: 3 }),
  test: syntheticTabular({ nRows: 500, nFeatures: 8, seed: 4 }),
});
const seq = new InMemoryDataset({
  train: syntheticSequence({ nRows: 1200, nFeatures: 3, stepLen: 6, seed: 2 }),
  valid: syntheticSequence({ nRows: 300, nFeatures: 3, stepLen: 6, seed: 3 }),
  test: syntheticSequence({ nRows: 300, nFeatures: 3, stepLen: 6, seed: 4 }),
});
const mlpKwargs = {
  optimizer: 'adam',
  lr: 0.01,
  batch_size: 200,
  max_steps: 120,
  eval_steps: 20,
  pt_model_kwargs: { layers: [32] },
  seed: 7,
};

describe('MLPModel', () => {
  it('learns the signal (held-out R² > 0.6), reports progress per evaluation', async () => {
    const m = new MLPModel(mlpKwargs);
    const seen: FitProgress[] = [];
    await m.fit(tab, { onProgress: (p) => seen.push(p) });
    expect(rSquared(tab.prepare('test').y, m.predict(tab))).toBeGreaterThan(0.6);
    expect(seen.map((p) => p.current)).toEqual([20, 40, 60, 80, 100, 120]);
    expect(seen.every((p) => p.unit === 'step' && p.validLoss !== undefined)).toBe(true);
    m.dispose();
  });

  it('repeats exactly for a seed', async () => {
    const kw = { ...mlpKwargs, max_steps: 10, eval_steps: 5 };
    const a = new MLPModel(kw);
    const b = new MLPModel(kw);
    await a.fit(tab);
    await b.fit(tab);
    expect(Array.from(b.predict(tab))).toEqual(Array.from(a.predict(tab)));
    a.dispose();
    b.dispose();
  });

  it('early stopping stops after early_stop_rounds evaluations without improvement', async () => {
    // lr so large that the valid loss never beats its first value.
    const m = new MLPModel({ ...mlpKwargs, optimizer: 'gd', lr: 5, max_steps: 400, eval_steps: 2, early_stop_rounds: 3 });
    let last = 0;
    await m.fit(tab, { onProgress: (p) => (last = p.current) });
    expect(last).toBeLessThan(400);
    m.dispose();
  });
});

describe.each(['GRU', 'LSTM'] as const)('%s', (cell) => {
  it('learns a signal that needs memory (held-out R² > 0.6)', async () => {
    const m = new RNNModel(cell, { d_feat: 3, hidden_size: 16, num_layers: 1, n_epochs: 6, lr: 0.02, batch_size: 100, seed: 3 });
    const evals: Record<string, Record<string, number[]>> = {};
    await m.fit(seq, { evalsResult: evals });
    expect(rSquared(seq.prepare('test').y, m.predict(seq))).toBeGreaterThan(0.6);
    expect(evals.valid.loss.length).toBe(6);
    m.dispose();
  });
});

describe('RNNModel on tabular data', () => {
  it('reshapes d_feat × T columns as Qlib does and rejects a width that does not split', () => {
    const m = new RNNModel('GRU', { d_feat: 3 });
    expect(() => m.predict(tab)).toThrow(/before fit/);
    const bad = new RNNModel('GRU', { d_feat: 3, n_epochs: 1 });
    return expect(bad.fit(tab)).rejects.toMatchObject({ code: 'DATASET_UNSUPPORTED' });
  });
});
