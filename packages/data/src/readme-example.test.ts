import { readmeExample, usQlibDir } from '@rollq/tools';
import { describe, expect, it } from 'vitest';
import { computeFeatures, createDataset, QlibProvider, toTable } from './index.js';

/** The example of README.md, run on the shipped US data (the region below is the README's code). */
describe('README example', () => {
  it('computes features and an Alpha158 dataset on the US demo data', async () => {
    const qlibDir = await usQlibDir();
    // #region readme
    // qlibDir: a Qlib data directory, e.g. written by `rollq data import`
    const provider = QlibProvider.open(qlibDir);
    const fields = [
      { name: 'RET5', expr: '$close/Ref($close, 5) - 1' },
      { name: 'VOL20', expr: 'Std($close/Ref($close, 1) - 1, 20)' },
    ];
    const features = toTable(computeFeatures(provider, { fields, instruments: ['AAPL', 'MSFT'], start: '2017-01-03', end: '2017-03-31' }));
    const { dataset } = createDataset(provider, {
      handler: 'Alpha158', // Qlib's Alpha158 features and label, with its default processors
      instruments: ['AAPL', 'MSFT'],
      start: '2016-01-04',
      end: '2017-03-31',
      fitStart: '2016-01-04',
      fitEnd: '2016-12-30',
      segments: { train: ['2016-01-04', '2016-12-30'], test: ['2017-01-03', '2017-03-31'] },
    });
    const test = dataset.prepare('test'); // { x: Float32Array (rows × 158), y, index }, what a model reads
    // #endregion readme
    expect(features.columnNames()).toEqual(['datetime', 'instrument', 'RET5', 'VOL20']);
    expect(features.numRows()).toBeGreaterThan(100);
    expect(Number.isFinite(features.get('RET5', 10))).toBe(true);
    expect(test.kind).toBe('tabular');
    expect(test.nFeatures).toBe(158);
    expect(test.nRows).toBe(features.numRows());
  });

  it('is the code README.md shows', () => {
    const ex = readmeExample(import.meta.url);
    expect(ex.test).toBe(ex.readme);
    expect(ex.missingImports).toEqual([]);
  });
});
