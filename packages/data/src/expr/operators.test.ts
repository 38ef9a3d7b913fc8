import { describe, it } from 'vitest';
import { evaluateSeries } from './evaluate-series.js';
import { expectClose } from './testing/expect-close.js';
import { businessDays, writeSyntheticProvider } from './testing/synthetic-provider.js';

// Golden vectors of research §2.6: qlib's own ops on x / y over a 12-day calendar.
const x = [10, 11, 12, NaN, 13, 12, 15, 14, 14, 16, 15, 17];
const y = [1, 3, 2, 5, 4, NaN, 6, 8, 7, 9, 9, 10];
const provider = writeSyntheticProvider(businessDays('2020-01-01', 12), { T: { fields: { x, y } } });

const nan = NaN;
const GOLDEN: Record<string, number[]> = {
  $x: [10, 11, 12, nan, 13, 12, 15, 14, 14, 16, 15, 17],
  'Ref($x,1)': [nan, 10, 11, 12, nan, 13, 12, 15, 14, 14, 16, 15],
  'Ref($x,-1)': [11, 12, nan, 13, 12, 15, 14, 14, 16, 15, 17, nan],
  'Mean($x,3)': [10, 10.5, 11, 11.5, 12.5, 12.5, 13.3333, 13.6667, 14.3333, 14.6667, 15, 16],
  'Sum($x,3)': [10, 21, 33, 23, 25, 25, 40, 41, 43, 44, 45, 48],
  'Std($x,3)': [nan, 0.707107, 1, 0.707107, 0.707107, 0.707107, 1.52753, 1.52753, 0.57735, 1.1547, 1, 1],
  'Var($x,3)': [nan, 0.5, 1, 0.5, 0.5, 0.5, 2.33333, 2.33333, 0.333333, 1.33333, 1, 1],
  'Skew($x,3)': [nan, nan, -2.39808e-14, nan, nan, nan, 0.93522, -0.93522, 1.73205, 1.73205, 0, -7.99361e-15],
  'Kurt($x,4)': [nan, nan, nan, nan, nan, nan, nan, -1.2, 2.22715, -1.28926, -1.28926, -1.2],
  'Max($x,3)': [10, 11, 12, 12, 13, 13, 15, 15, 15, 16, 16, 17],
  'Min($x,3)': [10, 10, 10, 11, 12, 12, 12, 12, 14, 14, 14, 15],
  'IdxMax($x,3)': [1, 2, 3, 3, 2, 1, 3, 2, 1, 3, 2, 3],
  'IdxMin($x,3)': [1, 1, 1, 3, 2, 1, 2, 1, 2, 1, 1, 2],
  'Quantile($x,3,0.8)': [10, 10.8, 11.6, 11.8, 12.8, 12.8, 14.2, 14.6, 14.6, 15.2, 15.6, 16.6],
  'Med($x,3)': [10, 10.5, 11, 11.5, 12.5, 12.5, 13, 14, 14, 14, 15, 16],
  'Mad($x,3)': [0, 0.5, 0.666667, 0.5, 0.5, 0.5, 1.11111, 1.11111, 0.444444, 0.888889, 0.666667, 0.666667],
  'Rank($x,3)': [1, 1, 1, nan, 1, 0.5, 1, 0.666667, 0.5, 1, 0.666667, 1],
  'Count($x,3)': [1, 2, 3, 2, 2, 2, 3, 3, 3, 3, 3, 3],
  'Delta($x,3)': [nan, nan, nan, nan, 2, 0, nan, 1, 2, 1, 1, 3],
  'Slope($x,3)': [nan, 1, 1, 1, 0.5, -1, 1, 1, -0.5, 1, 0.5, 0.5],
  'Rsquare($x,3)': [nan, 1, 1, 1, 1, 1, 0.428571, 0.428571, 0.75, 0.75, 0.25, 0.25],
  'Resi($x,3)': [nan, 0, 0, nan, 0, 0, 0.666667, -0.666667, 0.166667, 0.333333, -0.5, 0.5],
  'WMA($x,3)': [10, 5.33333, 3.77778, 2.91667, 4.25, 5.16667, 4.55556, 4.66667, 4.72222, 5, 5.05556, 5.38889],
  'EMA($x,3)': [10, 10.6667, 11.4286, 11.4286, 12.5217, 12.2182, 13.7143, 13.8623, 13.9324, 14.9754, 14.9877, 15.9961],
  'EMA($x,0.5)': [10, 10.6667, 11.4286, 11.4286, 12.5217, 12.2182, 13.7143, 13.8623, 13.9324, 14.9754, 14.9877, 15.9961],
  'Corr($x,$y,3)': [nan, 1, 0.5, -1, 1, nan, 1, -1, -0.866025, 0.866025, 0.866025, 0.866025],
  'Cov($x,$y,3)': [nan, 1, 0.5, -0.5, 1, nan, 2, -1, -0.5, 1, 1, 0.5],
  'Mean($x,0)': [10, 10.5, 11, 11, 11.5, 11.6, 12.1667, 12.4286, 12.625, 13, 13.2, 13.5455],
  'Slope($x,0)': [nan, 1, 1, 1, 0.742857, 0.453488, 0.642857, 0.582192, 0.515924, 0.5625, 0.517045, 0.548064],
  'Greater($x,$y)': [10, 11, 12, nan, 13, nan, 15, 14, 14, 16, 15, 17],
  'Less($x,$y)': [1, 3, 2, nan, 4, nan, 6, 8, 7, 9, 9, 10],
  'If($x>12,$x,$y)': [1, 3, 2, 5, 13, nan, 15, 14, 14, 16, 15, 17],
  'Abs($y-$x)': [9, 8, 10, nan, 9, nan, 9, 6, 7, 7, 6, 7],
  'Sign($y-5)': [-1, -1, -1, 0, -1, nan, 1, 1, 1, 1, 1, 1],
  'Log($x)': [2.30259, 2.3979, 2.48491, nan, 2.56495, 2.48491, 2.70805, 2.63906, 2.63906, 2.77259, 2.70805, 2.83321],
  'Power($x,2)': [100, 121, 144, nan, 169, 144, 225, 196, 196, 256, 225, 289],
  '$x>Ref($x,1)': [0, 1, 1, 0, 0, 0, 1, 0, 0, 1, 0, 1],
  'Mean($x>Ref($x,1),3)': [0, 0.5, 0.666667, 0.666667, 0.333333, 0, 0.333333, 0.333333, 0.333333, 0.333333, 0.333333, 0.666667],
  '($x>12)&($y>4)': [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1],
  'Not($x>12)': [1, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0],
};

describe('operators against qlib golden vectors (research §2.6)', () => {
  for (const [expr, expected] of Object.entries(GOLDEN)) {
    it(expr, () => {
      expectClose(evaluateSeries(provider, expr, 'T'), expected, expr);
    });
  }

  it('more elementwise ops: arithmetic, comparisons, logic, unary minus', () => {
    expectClose(
      evaluateSeries(provider, '-$x + 2*$y', 'T'),
      x.map((v, i) => -v + 2 * y[i]!),
      'unary',
    );
    expectClose(
      evaluateSeries(provider, '$x >= 12', 'T'),
      x.map((v) => (v >= 12 ? 1 : 0)),
      'Ge',
    );
    expectClose(
      evaluateSeries(provider, '$x != $y', 'T'),
      x.map((v, i) => (v !== y[i] ? 1 : 0)),
      'Ne',
    );
    expectClose(
      evaluateSeries(provider, '($x<12)|($y==9)', 'T'),
      x.map((v, i) => (v < 12 || y[i] === 9 ? 1 : 0)),
      'Or',
    );
    expectClose(
      evaluateSeries(provider, '$y/($x-$x)', 'T'),
      x.map((v, i) => (Number.isNaN(v) || Number.isNaN(y[i]!) ? NaN : Infinity)),
      'x/0',
    );
    expectClose(
      evaluateSeries(provider, '2**3 + $x*0', 'T'),
      x.map((v) => (Number.isNaN(v) ? NaN : 8)),
      'Power literal',
    );
  });

  it('Ref / Delta / Count at window edges and with all-NaN windows', () => {
    const gap = writeSyntheticProvider(businessDays('2020-01-01', 8), { G: { fields: { x: [1, NaN, NaN, NaN, 5, 6, NaN, 8] } } });
    expectClose(evaluateSeries(gap, 'Mean($x,3)', 'G'), [1, 1, 1, NaN, 5, 5.5, 5.5, 7], 'Mean gap');
    expectClose(evaluateSeries(gap, 'Sum($x,2)', 'G'), [1, 1, NaN, NaN, 5, 11, 6, 8], 'Sum gap');
    expectClose(evaluateSeries(gap, 'Count($x,3)', 'G'), [1, 1, 1, 0, 1, 2, 2, 2], 'Count gap');
    expectClose(evaluateSeries(gap, 'IdxMax($x,3)', 'G'), [1, 2, 2, NaN, 1, 1, 3, 2], 'IdxMax gap');
    expectClose(evaluateSeries(gap, 'Ref($x,-2)', 'G'), [NaN, NaN, 5, 6, NaN, 8, NaN, NaN], 'future Ref');
    expectClose(evaluateSeries(gap, 'Std($x,2)', 'G'), [NaN, NaN, NaN, NaN, NaN, Math.SQRT1_2, NaN, NaN], 'Std gap');
  });

  it('constant windows: Std 0, Rsquare NaN (std ~ 0), Skew 0', () => {
    const flat = writeSyntheticProvider(businessDays('2020-01-01', 6), { F: { fields: { x: [5, 5, 5, 5, 6, 7] } } });
    expectClose(evaluateSeries(flat, 'Std($x,3)', 'F'), [NaN, 0, 0, 0, 0.57735, 1], 'Std flat');
    expectClose(evaluateSeries(flat, 'Rsquare($x,3)', 'F'), [NaN, NaN, NaN, NaN, 0.75, 1], 'Rsquare flat');
    expectClose(evaluateSeries(flat, 'Skew($x,3)', 'F'), [NaN, NaN, 0, 0, 1.73205, 0], 'Skew flat');
    expectClose(evaluateSeries(flat, 'Corr($x,$x*2,3)', 'F'), [NaN, NaN, NaN, NaN, 1, 1], 'Corr flat');
  });

  it('ChangeInstrument / Mask read another symbol over the same days', () => {
    const two = writeSyntheticProvider(businessDays('2020-01-01', 4), {
      A: { fields: { close: [1, 2, 3, 4] } },
      IDX: { fields: { close: [10, 20, 30, 40] } },
    });
    expectClose(evaluateSeries(two, "$close/ChangeInstrument('IDX', $close)", 'A'), [0.1, 0.1, 0.1, 0.1], 'ChangeInstrument');
    expectClose(evaluateSeries(two, "Mask($close, 'idx')", 'A'), [10, 20, 30, 40], 'Mask');
  });
});
