import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataset, QlibProvider } from '@rollq/data';
import { readmeExample, usQlibDir } from '@rollq/tools';
import { afterAll, describe, expect, it } from 'vitest';
import { createModel, type EvalsResult, loadModel, predictWithIndex } from './index.js';

const tmp = mkdtempSync(join(tmpdir(), 'rollq-model-readme-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The example of README.md, run on five stocks of the shipped US data (the region below is the README's code). */
describe('README example', () => {
  it('trains, saves and reloads a GBDT on Alpha158', async () => {
    const qlibDir = await usQlibDir();
    const modelDir = join(tmp, 'm1');
    // #region readme
    // qlibDir: a Qlib data directory; modelDir: where the trained model goes
    const { dataset } = createDataset(QlibProvider.open(qlibDir), {
      handler: 'Alpha158',
      instruments: ['AAPL', 'AMZN', 'JPM', 'MSFT', 'XOM'],
      start: '2014-01-02',
      end: '2017-06-30',
      fitStart: '2014-01-02',
      fitEnd: '2015-12-31',
      segments: { train: ['2014-01-02', '2015-12-31'], valid: ['2016-01-04', '2016-12-30'], test: ['2017-01-03', '2017-06-30'] },
    });
    const model = createModel({ class: 'LGBModel', kwargs: { num_leaves: 31, num_boost_round: 50, num_threads: 1 } });
    const evalsResult: EvalsResult = {}; // Qlib's evals_result: per-round train / valid losses
    await model.fit(dataset, { evalsResult }); // train on `train`, early stopping on `valid`
    const { scores, index } = predictWithIndex(model, dataset, 'test'); // scores[i] ↔ (index.rowDate[i], index.rowInstrument[i])
    await model.save(modelDir); // rollq-model.json + weights, each file written atomically
    const again = await loadModel(modelDir); // in any process: the class comes from rollq-model.json
    // #endregion readme
    expect(evalsResult.train!.l2!.length).toBeGreaterThan(0); // LightGBM's metric name for mse
    expect(scores.length).toBe(index.rowDate.length);
    expect(scores.length).toBeGreaterThan(500);
    expect(again.predict(dataset, 'test')).toEqual(scores);
    model.dispose();
    again.dispose();
  });

  it('is the code README.md shows', () => {
    const ex = readmeExample(import.meta.url);
    expect(ex.test).toBe(ex.readme);
    expect(ex.missingImports).toEqual([]);
  });
});
