import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QlibProvider } from '@rollq/data';
import { loadWorkflowConfig } from '@rollq/rolling';
import { readmeExample, repoRoot, usQlibDir } from '@rollq/tools';
import { afterAll, describe, expect, it } from 'vitest';
import { openRecorderStore, runWorkflow } from './index.js';

const tmp = mkdtempSync(join(tmpdir(), 'rollq-workflow-readme-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * The example of README.md (the region below is the README's code), run on the shipped US example workflow
 * made small: twelve stocks, one year of data and a GBDT of a few rounds.
 */
describe('README example', () => {
  it('runs a Qlib workflow into a directory recorder store', async () => {
    const qlibDir = await usQlibDir();
    const storeDir = join(tmp, 'mlruns');
    const { config } = loadWorkflowConfig(join(repoRoot(), 'examples/workflow_config_gbdt_Alpha158_us.yaml'), {
      env: { ROLLQ_US_DATA: qlibDir },
    });
    const handler = config.task.dataset.kwargs.handler;
    if (typeof handler === 'string') throw new Error('the example workflow has an inline handler');
    Object.assign(handler.kwargs, {
      start_time: '2016-01-04',
      end_time: '2016-12-30',
      fit_start_time: '2016-01-04',
      fit_end_time: '2016-06-30',
      instruments: ['AAPL', 'MSFT', 'XOM', 'JPM', 'JNJ', 'WMT', 'PG', 'GE', 'KO', 'PFE', 'INTC', 'CSCO'],
    });
    config.task.dataset.kwargs.segments = {
      train: ['2016-01-04', '2016-06-30'],
      valid: ['2016-07-01', '2016-09-30'],
      test: ['2016-10-03', '2016-12-30'],
    };
    config.task.model.kwargs = { num_boost_round: 8, max_depth: 3, num_threads: 1 };
    const printed: string[] = [];
    const log = (text: string) => printed.push(text);
    // #region readme
    // config: from loadWorkflowConfig (@rollq/rolling); qlibDir: its data; storeDir: where runs go; log: e.g. console.log
    const store = await openRecorderStore(storeDir); // a folder, file://…, or a scheme registered on a RecorderStoreRouter
    const recorder = await runWorkflow(config, { store, provider: QlibProvider.open(qlibDir), report: log }); // qrun; log gets the records' tables
    const preds = await store.loadPredictions(recorder.id, 'pred'); // SignalRecord's datetime, instrument, score
    const metrics = await store.getMetrics(recorder.id); // SigAnaRecord's IC, PortAnaRecord's 1day.excess_return_with_cost.*, …
    // #endregion readme
    expect(recorder.status).toBe('FINISHED');
    expect(preds.columnNames()).toEqual(['datetime', 'instrument', 'score']);
    expect(preds.numRows()).toBeGreaterThan(12 * 50);
    expect(Object.keys(metrics)).toEqual(expect.arrayContaining(['IC', 'Rank IC', '1day.excess_return_with_cost.annualized_return']));
    expect(printed.join('\n')).toMatch(/IC/);
  });

  it('is the code README.md shows', () => {
    const ex = readmeExample(import.meta.url);
    expect(ex.test).toBe(ex.readme);
    expect(ex.missingImports).toEqual([]);
  });
});
