import { makePredictionTable } from '@rollq/data';
import { readmeExample } from '@rollq/tools';
import { describe, expect, it } from 'vitest';
import { averageEnsemble, rollingEnsemble, weightedBlend } from './index.js';

/** The example of README.md on a two-stock, two-day panel (the region below is the README's code). */
describe('README example', () => {
  it('joins rolling models, then blends two strategies', () => {
    // #region readme
    // prediction tables: datetime, instrument, score (arquero); here two stocks on one day each
    const day = (d: string, aapl: number, msft: number) =>
      makePredictionTable([d, d], ['AAPL', 'MSFT'], { score: Float64Array.of(aapl, msft) });
    // Qlib's RollingEnsemble: one table from consecutive rolling models (the newer one wins on overlaps)
    const gbdt = rollingEnsemble({ model1: day('2017-01-03', 0.2, 0.1), model2: day('2017-01-04', -0.1, 0.3) });
    const mlp = rollingEnsemble({ model1: day('2017-01-03', 5, 7), model2: day('2017-01-04', 1, 2) });
    // Qlib's AverageEnsemble (per-day z-scores, then their mean), or a weighted blend of the strategies
    const average = averageEnsemble({ gbdt, mlp });
    const signal = weightedBlend({ gbdt: { table: gbdt, weight: 3 }, mlp: { table: mlp, weight: 1 } });
    // #endregion readme
    expect(gbdt.numRows()).toBe(4);
    expect(average.columnNames()).toEqual(['datetime', 'instrument', 'score']);
    const rows = (t: typeof signal) => t.objects() as Array<{ datetime: string; instrument: string; score: number }>;
    expect(rows(signal).map((r) => `${r.datetime} ${r.instrument}`)).toEqual([
      '2017-01-03 AAPL',
      '2017-01-03 MSFT',
      '2017-01-04 AAPL',
      '2017-01-04 MSFT',
    ]);
    const z = Math.SQRT1_2; // two stocks, ddof 1: the z-scores of a day are ±1/√2
    // 2017-01-03: gbdt prefers AAPL, mlp MSFT: the average cancels, the 3:1 blend follows gbdt; 2017-01-04: both prefer MSFT
    expect(rows(average).map((r) => r.score)).toEqual([0, 0, -z, z].map((v) => expect.closeTo(v, 12)));
    expect(rows(signal).map((r) => r.score)).toEqual([z / 2, -z / 2, -z, z].map((v) => expect.closeTo(v, 12)));
  });

  it('is the code README.md shows', () => {
    const ex = readmeExample(import.meta.url);
    expect(ex.test).toBe(ex.readme);
    expect(ex.missingImports).toEqual([]);
  });
});
