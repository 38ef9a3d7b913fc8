import { join } from 'node:path';
import { QlibProvider } from '@rollq/data';
import { readmeExample, repoRoot, usQlibDir } from '@rollq/tools';
import { describe, expect, it } from 'vitest';
import { loadWorkflowConfig, RollingGen, TimeAdjuster, taskGenerator } from './index.js';

/** The example of README.md, run on the shipped US data and example workflow (the region below is the README's code). */
describe('README example', () => {
  it('rolls the US GBDT workflow into 60-day tasks', async () => {
    const workflowYaml = join(repoRoot(), 'examples/workflow_config_gbdt_Alpha158_us.yaml');
    const qlibDir = await usQlibDir();
    // #region readme
    // workflowYaml: a Qlib workflow file (examples/workflow_config_gbdt_Alpha158_us.yaml); qlibDir: the data it reads
    const { config } = loadWorkflowConfig(workflowYaml, { env: { ROLLQ_US_DATA: qlibDir } }); // for its provider_uri: ${ROLLQ_US_DATA}
    const ta = new TimeAdjuster(QlibProvider.open(qlibDir).calendar); // the trading days rolling counts in
    const tasks = taskGenerator(config.task, new RollingGen(ta, { step: 60, rtype: 'expanding' }));
    const windows = tasks.map((t) => t.dataset.kwargs.segments); // { train, valid, test } per rolling model
    // #endregion readme
    expect(windows[0]).toEqual({
      train: ['2013-02-08', '2015-12-31'],
      valid: ['2016-01-04', '2016-12-30'],
      test: ['2017-01-03', expect.any(String)],
    });
    expect(windows.length).toBeGreaterThan(3);
    for (let i = 1; i < windows.length; i++) {
      expect(windows[i]!.train![0]).toBe('2013-02-08'); // expanding: the train start stays
      expect(windows[i]!.test![0]! > windows[i - 1]!.test![0]!).toBe(true);
    }
    expect(windows.at(-1)!.test![1]).toBeNull(); // the last window runs past the data: an open end
  });

  it('is the code README.md shows', () => {
    const ex = readmeExample(import.meta.url);
    expect(ex.test).toBe(ex.readme);
    expect(ex.missingImports).toEqual([]);
  });
});
