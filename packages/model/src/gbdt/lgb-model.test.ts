import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataset, QlibProvider } from '@rollq/data';
import { usQlibDir } from '@rollq/tools';
import { afterAll, describe, expect, it } from 'vitest';
import type { EvalsResult, FitProgress } from '../core/model.js';
import { ModelError } from '../errors.js';
import { InMemoryDataset, rSquared, syntheticTabular } from '../testing/index.js';
import { LGBModel } from './lgb-model.js';
import { LIGHTGBM_LIB_ENV, lightgbmCachePath, loadLightGBM, setLightGBMLog } from './lightgbm-lib.js';

const tmp = mkdtempSync(join(tmpdir(), 'rollq-lgb-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ds = new InMemoryDataset({
  train: syntheticTabular({ nRows: 3000, nFeatures: 10, seed: 2, nanRate: 0.02 }),
  valid: syntheticTabular({ nRows: 800, nFeatures: 10, seed: 3 }),
  test: syntheticTabular({ nRows: 800, nFeatures: 10, seed: 4, nanRate: 0.02 }),
});

/** A target the features barely explain, so valid loss turns up after a few rounds. */
const noisy = new InMemoryDataset({
  train: syntheticTabular({ nRows: 1000, nFeatures: 5, seed: 2, noise: 1 }),
  valid: syntheticTabular({ nRows: 500, nFeatures: 5, seed: 3, noise: 1, weightSeed: 99 }),
  test: syntheticTabular({ nRows: 300, nFeatures: 5, seed: 4 }),
});

const trees = (dir: string) => readFileSync(join(dir, 'lightgbm.txt'), 'utf8').match(/^Tree=\d+$/gm)?.length ?? 0;

describe('LGBModel (LightGBM through koffi)', () => {
  it('learns the signal: held-out R² > 0.7, progress and l2 per round, the engine line reported once', async () => {
    const lines: string[] = [];
    setLightGBMLog((l) => lines.push(l));
    const m = new LGBModel({ num_boost_round: 150, num_leaves: 15, learning_rate: 0.1, min_data_in_leaf: 5, num_threads: 1 });
    const seen: FitProgress[] = [];
    const evals: EvalsResult = {};
    try {
      await m.fit(ds, { onProgress: (p) => seen.push(p), evalsResult: evals });
      await new LGBModel({ num_boost_round: 2, num_threads: 1 }).fit(ds);
    } finally {
      setLightGBMLog(null);
    }
    expect(lines).toEqual([`LGBModel: LightGBM ${m.engine!.version} (lib ${m.engine!.path})`]);
    expect(m.engine!.version).toMatch(/^4\./);
    expect(rSquared(ds.prepare('test').y, m.predict(ds))).toBeGreaterThan(0.7);
    expect(seen.map((p) => p.current)).toEqual(seen.map((_, i) => i + 1));
    expect(seen[0]).toMatchObject({ model: 'LGBModel', unit: 'round', total: 150 });
    expect(Object.keys(evals).sort()).toEqual(['train', 'valid']);
    expect(evals.valid.l2.length).toBe(seen.length);
    expect(evals.train.l2.length).toBe(seen.length);
    expect(seen.at(-1)!.validLoss).toBe(evals.valid.l2.at(-1));
    expect(evals.valid.l2.at(-1)!).toBeLessThan(evals.valid.l2[0]);
    m.dispose();
  });

  it('trains on the shipped US panel (Alpha158, five stocks) and scores every test row', async () => {
    const { dataset } = createDataset(QlibProvider.open(await usQlibDir()), {
      handler: 'Alpha158',
      instruments: ['AAPL', 'AMZN', 'JPM', 'MSFT', 'XOM'],
      start: '2014-01-02',
      end: '2017-06-30',
      fitStart: '2014-01-02',
      fitEnd: '2015-12-31',
      segments: { train: ['2014-01-02', '2015-12-31'], valid: ['2016-01-04', '2016-12-30'], test: ['2017-01-03', '2017-06-30'] },
    });
    const m = new LGBModel({ num_leaves: 31, num_boost_round: 60, early_stopping_rounds: 10, num_threads: 1 });
    const evals: EvalsResult = {};
    await m.fit(dataset, { evalsResult: evals });
    const scores = m.predict(dataset, 'test');
    expect(scores.length).toBe(dataset.prepare('test', 'infer').index.rowDate.length);
    expect(scores.length).toBeGreaterThan(500);
    expect(scores.every(Number.isFinite)).toBe(true);
    expect(new Set(scores).size).toBeGreaterThan(10);
    expect(m.bestIteration).toBeGreaterThanOrEqual(0);
    expect(m.bestIteration).toBeLessThan(evals.valid.l2.length);
    await m.save(join(tmp, 'us'));
    expect(trees(join(tmp, 'us'))).toBe(m.bestIteration + 1);
    const again = await LGBModel.load(join(tmp, 'us'));
    expect(again.predict(dataset, 'test')).toEqual(scores);
    again.dispose();
    m.dispose();
  });

  it('early stopping stops before num_boost_round, and predictions are those of the best iteration', async () => {
    const m = new LGBModel({ num_boost_round: 500, early_stopping_rounds: 5, learning_rate: 0.3, num_threads: 1 });
    let rounds = 0;
    const evals: EvalsResult = {};
    await m.fit(noisy, { onProgress: (p) => (rounds = p.current), evalsResult: evals });
    expect(rounds).toBeLessThan(500);
    // lgb.early_stopping: stop once the best valid l2 is `early_stopping_rounds` rounds old.
    expect(rounds).toBe(m.bestIteration + 1 + 5);
    const l2 = evals.valid.l2;
    expect(l2.indexOf(Math.min(...l2))).toBe(m.bestIteration);
    // The same fit for exactly best+1 rounds without early stopping is the same model.
    const exact = new LGBModel({ num_boost_round: m.bestIteration + 1, early_stopping_rounds: 0, learning_rate: 0.3, num_threads: 1 });
    await exact.fit(noisy);
    expect(m.predict(noisy)).toEqual(exact.predict(noisy));
    await m.save(join(tmp, 'es'));
    expect(trees(join(tmp, 'es'))).toBe(m.bestIteration + 1);
    m.dispose();
    exact.dispose();
  });

  it("matches LightGBM's Python package driven as Qlib's LGBModel (test/fixtures/lgb-qlib-parity.py, lightgbm 4.7.0)", async () => {
    // Qlib's workflow_config_lightgbm_Alpha158.yaml kwargs (lighter L1/L2 for this small set), NaN features.
    const parity = new InMemoryDataset({
      train: syntheticTabular({ nRows: 4000, nFeatures: 12, seed: 2, nanRate: 0.03, noise: 0.6 }),
      valid: syntheticTabular({ nRows: 1500, nFeatures: 12, seed: 3, nanRate: 0.03, noise: 0.6 }),
      test: syntheticTabular({ nRows: 1000, nFeatures: 12, seed: 4, nanRate: 0.03 }),
    });
    const m = new LGBModel({
      loss: 'mse',
      colsample_bytree: 0.8879,
      learning_rate: 0.2,
      subsample: 0.8789,
      lambda_l1: 20.5,
      lambda_l2: 58.1,
      max_depth: 8,
      num_leaves: 210,
      num_threads: 2,
    });
    const evals: EvalsResult = {};
    await m.fit(parity, { evalsResult: evals });
    // lgb.train: best_iteration 73 (1-based), 123 rounds run (early_stopping(50)), valid l2 0.41952100998105896 there.
    expect(m.bestIteration + 1).toBe(73);
    expect(evals.valid.l2.length).toBe(123);
    expect(evals.valid.l2[72]).toBe(0.41952100998105896);
    const p = m.predict(parity, 'test');
    expect([0, 1, 2, 500, 999].map((i) => p[i])).toEqual([
      0.15098567714132283, 1.1005283473991097, 0.6126262169013372, 1.1708209023004665, 0.4921121162721811,
    ]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(23.34660871395583, 10);
    m.dispose();
  });

  it('without early stopping (or without a valid segment) keeps every round', async () => {
    const m = new LGBModel({ num_boost_round: 30, early_stopping_rounds: 0, learning_rate: 0.3, num_threads: 1 });
    await m.fit(noisy);
    expect(m.bestIteration).toBe(29);
    const trainOnly = new InMemoryDataset({ train: noisy.prepare('train'), test: noisy.prepare('test') });
    const t = new LGBModel({ num_boost_round: 20, num_threads: 1 });
    const evals: EvalsResult = {};
    await t.fit(trainOnly, { evalsResult: evals });
    expect(t.bestIteration).toBe(19);
    expect(Object.keys(evals)).toEqual(['train']);
    m.dispose();
    t.dispose();
  });

  it('aborts between rounds through the signal', async () => {
    const m = new LGBModel({ num_boost_round: 1000, early_stopping_rounds: 0, num_threads: 1 });
    const ctl = new AbortController();
    const fit = m.fit(ds, { signal: ctl.signal, onProgress: (p) => p.current === 3 && ctl.abort() });
    await expect(fit).rejects.toMatchObject({ code: 'ABORTED' });
    expect(m.fitted).toBe(false);
  });

  it('predict before fit is NOT_FITTED; other widths are DATASET_UNSUPPORTED; LightGBM errors are LIGHTGBM_FAILED', async () => {
    expect(() => new LGBModel().predict(ds)).toThrow(ModelError);
    const m = new LGBModel({ num_boost_round: 3, num_threads: 1 });
    await m.fit(ds);
    expect(() => m.predict(noisy)).toThrow(expect.objectContaining({ code: 'DATASET_UNSUPPORTED' }));
    m.dispose();
    // A value LightGBM itself rejects (objective name) surfaces LightGBM's message.
    await expect(new LGBModel({ objective: 'no_such_objective', num_threads: 1 }).fit(ds)).rejects.toMatchObject({
      code: 'LIGHTGBM_FAILED',
      message: expect.stringContaining('no_such_objective'),
    });
  });

  it('a missing library is LIGHTGBM_NOT_FOUND (exit 1) saying how to get one', async () => {
    const missing = join(tmp, 'nowhere', 'lib_lightgbm.so');
    const e = (() => {
      try {
        loadLightGBM({ env: { [LIGHTGBM_LIB_ENV]: missing } });
      } catch (err) {
        return err as ModelError;
      }
      throw new Error('expected LIGHTGBM_NOT_FOUND');
    })();
    expect(e).toBeInstanceOf(ModelError);
    expect(e.code).toBe('LIGHTGBM_NOT_FOUND');
    expect(e.exitCode).toBe(1);
    expect(e.message).toContain(missing);
    expect(e.hint).toContain('tools/setup.sh');
    expect(e.hint).toContain(LIGHTGBM_LIB_ENV);
    // No variable, an empty cache and no system search: the cache path is named among what was tried.
    const home = join(tmp, 'empty-home');
    expect(() => loadLightGBM({ env: { HOME: home }, searchSystem: false })).toThrow(lightgbmCachePath({ HOME: home }));
    expect(lightgbmCachePath({ HOME: home })).toBe(join(home, '.cache', 'rollq', 'lightgbm-4.7.0', 'lib_lightgbm.so'));
    expect(lightgbmCachePath({ XDG_CACHE_HOME: '/x', HOME: home })).toBe('/x/rollq/lightgbm-4.7.0/lib_lightgbm.so');
    // The model reads ROLLQ_LIGHTGBM_LIB when it fits.
    const before = process.env[LIGHTGBM_LIB_ENV];
    process.env[LIGHTGBM_LIB_ENV] = missing;
    try {
      await expect(new LGBModel({ num_boost_round: 2 }).fit(ds)).rejects.toMatchObject({ code: 'LIGHTGBM_NOT_FOUND' });
    } finally {
      if (before === undefined) delete process.env[LIGHTGBM_LIB_ENV];
      else process.env[LIGHTGBM_LIB_ENV] = before;
    }
  });
});
