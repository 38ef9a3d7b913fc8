import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@rollq/tools';
import { afterAll, describe, expect, it } from 'vitest';
import { createModel, loadModel, SAVED_CONFIG_FILE } from '../src/index.js';
import { makeDatasets } from './fixtures/datasets.js';

const tmp = mkdtempSync(join(tmpdir(), 'rollq-model-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const configs = [
  { class: 'LGBModel', kwargs: { num_boost_round: 20, num_threads: 1 } }, // LightGBM
  { class: 'XGBModel', kwargs: { num_boost_round: 20, num_threads: 1 } }, // XGBoost
  { class: 'LinearModel', kwargs: { estimator: 'ridge', alpha: 1 } },
  { class: 'MLP', kwargs: { optimizer: 'adam', max_steps: 6, eval_steps: 3, batch_size: 100, pt_model_kwargs: { layers: [8] } } },
  { class: 'GRU', kwargs: { d_feat: 2, hidden_size: 4, num_layers: 2, dropout: 0.1, n_epochs: 1, batch_size: 100 } },
  { class: 'LSTM', kwargs: { d_feat: 2, hidden_size: 4, num_layers: 1, n_epochs: 1, batch_size: 100 } },
];

describe('save → load in a new process', () => {
  it('gives identical predictions for every model class', async () => {
    const { tab, seq } = makeDatasets();
    const expected: Record<string, number[]> = {};
    for (const cfg of configs) {
      const m = createModel(cfg);
      const ds = cfg.class === 'GRU' || cfg.class === 'LSTM' ? seq : tab;
      await m.fit(ds);
      const dir = join(tmp, cfg.class);
      await m.save(dir);
      expect(existsSync(join(dir, SAVED_CONFIG_FILE))).toBe(true);
      expected[dir] = Array.from(m.predict(ds, 'test'));
      // In-process reload too, through the same entry point.
      const again = await loadModel(dir);
      expect(Array.from(again.predict(ds, 'test'))).toEqual(expected[dir]);
      again.dispose();
      m.dispose();
    }
    // LGBModel is LightGBM's text model, XGBModel XGBoost's UBJSON.
    expect(readFileSync(join(tmp, 'LGBModel', 'lightgbm.txt'), 'utf8')).toMatch(/^tree\nversion=v4\n/);
    expect(existsSync(join(tmp, 'XGBModel', 'xgboost.ubj'))).toBe(true);
    const out = join(tmp, 'preds.json');
    const tsx = join(repoRoot(), 'node_modules', '.bin', 'tsx');
    execFileSync(
      tsx,
      ['--conditions=@rollq/source', join(import.meta.dirname, 'fixtures', 'predict-saved.ts'), out, ...Object.keys(expected)],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    const got = JSON.parse(readFileSync(out, 'utf8')) as Record<string, number[]>;
    for (const dir of Object.keys(expected)) {
      // JSON keeps NaN as null: the linear model scores rows with a NaN feature as NaN.
      expect(got[dir], dir).toEqual(expected[dir].map((v) => (Number.isNaN(v) ? null : v)));
    }
  });

  it('a directory without a saved model is MODEL_FILE_INVALID', async () => {
    await expect(loadModel(join(tmp, 'nothing-here'))).rejects.toMatchObject({ code: 'MODEL_FILE_INVALID' });
  });
});
