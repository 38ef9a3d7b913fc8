import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QlibProvider } from '@rollq/data';
import { loadWorkflowConfig } from '@rollq/rolling';
import { readmeExample, repoRoot, usQlibDir } from '@rollq/tools';
import { afterAll, describe, expect, it } from 'vitest';
import { OnlineManager, type StrategyFromWorkflowOptions, strategyFromWorkflow } from './index.js';

const tmp = mkdtempSync(join(tmpdir(), 'rollq-online-readme-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * The example of README.md (the region below is the README's code), run on the shipped US example workflow
 * made small by `overrides`: twelve stocks, 2016 only, a GBDT of a few rounds.
 */
describe('README example', () => {
  it('first-trains a rolling strategy, runs a routine, reads the signals, reopens the state', async () => {
    const qlibDir = await usQlibDir();
    const workflowYaml = join(repoRoot(), 'examples/workflow_config_gbdt_Alpha158_us.yaml');
    const stateDir = join(tmp, 'state');
    const overrides: StrategyFromWorkflowOptions['overrides'] = {
      model: { num_boost_round: 8, max_depth: 3, num_threads: 1 },
      handler: {
        start_time: '2016-01-04',
        end_time: '2016-10-31',
        fit_start_time: '2016-01-04',
        fit_end_time: '2016-06-30',
        instruments: ['AAPL', 'MSFT', 'XOM', 'JPM', 'JNJ', 'WMT', 'PG', 'GE', 'KO', 'PFE', 'INTC', 'CSCO'],
      },
      segments: { train: ['2016-01-04', '2016-06-30'], valid: ['2016-07-01', '2016-09-30'], test: ['2016-10-03', '2016-10-31'] },
    };
    // #region readme
    // workflowYaml: e.g. examples/workflow_config_gbdt_Alpha158_us.yaml; qlibDir: its data; stateDir: an empty folder
    // overrides: changes to the workflow's task, e.g. { model: { num_boost_round: 100 } }
    const loaded = loadWorkflowConfig(workflowYaml, { env: { ROLLQ_US_DATA: qlibDir } });
    const gbdt = strategyFromWorkflow(loaded, { name: 'gbdt', step: 20, overrides }); // Qlib's RollingStrategy + RollingGen(step=20)
    const provider = QlibProvider.open(qlibDir);
    const manager = await OnlineManager.init(stateDir, { strategies: [gbdt], region: 'us', beginTime: '2016-10-31' }, { provider });
    await manager.routine('2016-11-30'); // Qlib's routine: train due tasks, switch online models, extend predictions, blend
    const signals = await manager.getSignals('2016-11-30'); // datetime, instrument, score
    const later = await OnlineManager.open(stateDir, { provider }); // a later process continues from the committed state
    // #endregion readme
    expect(signals!.columnNames()).toEqual(['datetime', 'instrument', 'score']);
    expect(signals!.numRows()).toBe(12);
    expect(later.snapshot().curTime).toBe('2016-11-30');
    expect(later.history().length).toBeGreaterThanOrEqual(2);
  });

  it('is the code README.md shows', () => {
    const ex = readmeExample(import.meta.url);
    expect(ex.test).toBe(ex.readme);
    expect(ex.missingImports).toEqual([]);
  });
});
