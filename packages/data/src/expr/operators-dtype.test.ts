import { cnQlibDir } from '@rollq/tools';
import { describe, expect, it } from 'vitest';
import { computeFeatures } from '../features/compute-features.js';
import { alpha158 } from '../handler/alpha158.js';
import { handlerColumns } from '../handler/resolve-handler.js';
import { QlibProvider } from '../storage/qlib-provider.js';
import { evaluateSeries } from './evaluate-series.js';
import { businessDays, writeSyntheticProvider } from './testing/synthetic-provider.js';

// Qlib loads fields as float32 and numpy keeps float32 through elementwise operators (a Python-number constant
// does not widen it); pandas windows and Qlib's Cython kernels work in float64. rollq rounds a float32 node's
// values to float32 after its kernel, so Alpha158's chained elementwise parts (close/Ref(close,1)-1,
// Log(volume/Ref(volume,1)+1), Abs(...)*volume) carry Qlib's float32 values into the windows.
// Golden values: Qlib 0.9.7's own operators (testing/dtype-golden.py), 9 significant digits (exact float32).
// close / volume: SZ002174 2013-10-18..2013-11-08 (CN csi300): a suspension, then limit-up days whose float32
// ratios are all 1.1f, so Corr's window is constant in Qlib (NaN) where float64 ratios gave ±1.
const inf = Infinity;
const nan = NaN;
const close = [
  20.4428406, 20.4428406, 20.4428406, 20.4428406, 22.4871235, 24.735836, 27.2094193, 29.928318, 32.9231949, 36.2144928, 36.2144928,
  38.5040894, 42.357563, 41.958931, 41.703392, 39.8737602,
];
const volume = [0, 0, 0, 0, 98989, 145168, 141857, 973192, 547038, 15107723, 0, 10048991, 7329370, 9259451, 7165016, 7786435];
const provider = writeSyntheticProvider(businessDays('2013-10-18', close.length), { T: { fields: { close, volume } } });

const GOLDEN: Record<string, number[]> = {
  '$close/Ref($close,1)': [
    nan,
    1,
    1,
    1,
    1.0999999,
    1.10000002,
    1.10000002,
    1.09992492,
    1.10006833,
    1.09996903,
    1,
    1.06322324,
    1.10007954,
    0.990588903,
    0.993909776,
    0.956127524,
  ],
  '$close/Ref($close,1)-1': [
    nan,
    0,
    0,
    0,
    0.0999999046,
    0.100000024,
    0.100000024,
    0.099924922,
    0.100068331,
    0.0999690294,
    0,
    0.0632232428,
    0.100079536,
    -0.00941109657,
    -0.00609022379,
    -0.0438724756,
  ],
  'Ref($close,-2)/Ref($close,-1)-1': [
    0,
    0,
    0.0999999046,
    0.100000024,
    0.100000024,
    0.099924922,
    0.100068331,
    0.0999690294,
    0,
    0.0632232428,
    0.100079536,
    -0.00941109657,
    -0.00609022379,
    -0.0438724756,
    nan,
    nan,
  ],
  'Log($volume/Ref($volume,1)+1)': [
    nan,
    nan,
    nan,
    nan,
    inf,
    0.902802765,
    0.681677639,
    2.0618341,
    0.446035504,
    3.35401201,
    0,
    inf,
    0.547753572,
    0.816839516,
    0.573127329,
    0.735598028,
  ],
  'Corr($close/Ref($close,1),Log($volume/Ref($volume,1)+1),5)': [
    nan,
    nan,
    nan,
    nan,
    nan,
    nan,
    nan,
    -0.988814831,
    -0.931717396,
    -0.676560342,
    0.530057669,
    0.633987844,
    0.47275418,
    0.582145929,
    0.0488694496,
    -0.654899836,
  ],
  'Corr($close,Log($volume+1),5)': [
    nan,
    nan,
    nan,
    nan,
    1,
    0.917743802,
    0.830829799,
    0.768120229,
    0.846744239,
    0.894975603,
    -0.306705564,
    -0.0688071325,
    0.277409643,
    0.501299381,
    0.811393678,
    -0.590101421,
  ],
  'Std(Abs($close/Ref($close,1)-1)*$volume,5)/(Mean(Abs($close/Ref($close,1)-1)*$volume,5)+1e-12)': [
    nan,
    nan,
    0,
    0,
    2,
    1.40953541,
    0.94286567,
    1.45789039,
    0.990205288,
    1.94005263,
    1.96227968,
    1.39397824,
    1.04506397,
    1.02202606,
    1.18047237,
    0.847781599,
  ],
  '(Sum(Greater($volume-Ref($volume,1),0),5)-Sum(Greater(Ref($volume,1)-$volume,0),5))/(Sum(Abs($volume-Ref($volume,1)),5)+1e-12)': [
    nan,
    0,
    0,
    0,
    1,
    1,
    0.955401123,
    0.993241549,
    0.389082819,
    0.945869148,
    -0.00469355704,
    0.241785511,
    0.148289949,
    0.196371019,
    -0.248981044,
    0.447122455,
  ],
  'Mean($close,3)/$close-1': [
    0, 0, 0, 0, -0.0606060289, -0.0881542638, -0.0881542638, -0.0881147757, -0.0881714001, -0.088155061, -0.0302944817, -0.039642483,
    -0.0786679164, -0.0242793728, 0.00727127027, 0.032726638,
  ],
  'Sign($close-Ref($close,1))*$volume/7': [
    nan,
    0,
    0,
    0,
    14141.2861,
    20738.2852,
    20265.2852,
    139027.422,
    78148.2891,
    2158246.25,
    0,
    1435570.12,
    1047052.88,
    -1322778.75,
    -1023573.69,
    -1112347.88,
  ],
  'Delta($close,2)/$close-1': [
    nan,
    nan,
    -1,
    -1,
    -0.909090936,
    -0.826446295,
    -0.826446295,
    -0.826502681,
    -0.826451361,
    -0.826418281,
    -0.909116566,
    -0.940536261,
    -0.854971111,
    -0.917661369,
    -1.01568627,
    -1.05229425,
  ],
  'If($close>Ref($close,1),$close/Ref($close,1)-1,Mean($close,3)/$close-1)': [
    0, 0, 0, 0, 0.0999999046, 0.100000024, 0.100000024, 0.099924922, 0.100068331, 0.0999690294, -0.0302944817, 0.0632232428, 0.100079536,
    -0.0242793728, 0.00727127027, 0.032726638,
  ],
  '($close>Ref($close,1))*$volume/3': [
    0, 0, 0, 0, 32996.332, 48389.332, 47285.668, 324397.344, 182346, 5035907.5, 0, 3349663.75, 2443123.25, 0, 0, 0,
  ],
  '($close>Ref($close,1))*($volume>0)*$volume/3': [
    0, 0, 0, 0, 32996.332, 48389.332, 47285.668, 324397.344, 182346, 5035907.5, 0, 3349663.75, 2443123.25, 0, 0, 0,
  ],
  'Mean($close>Ref($close,1),3)': [
    0, 0, 0, 0, 0.333333343, 0.666666687, 1, 1, 1, 1, 0.666666687, 0.666666687, 0.666666687, 0.666666687, 0.333333343, 0,
  ],
  'Greater($close/Ref($close,1),1.05)-1': [
    nan,
    0.0499999523,
    0.0499999523,
    0.0499999523,
    0.0999999046,
    0.100000024,
    0.100000024,
    0.099924922,
    0.100068331,
    0.0999690294,
    0.0499999523,
    0.0632232428,
    0.100079536,
    0.0499999523,
    0.0499999523,
    0.0499999523,
  ],
  'Power($close/20,3)-1': [
    0.0679078102, 0.0679078102, 0.0679078102, 0.0679078102, 0.421384931, 0.891863704, 1.51807046, 2.35086465, 3.46083307, 4.93686581,
    4.93686581, 6.135602, 8.49954796, 8.23386002, 8.06617546, 6.92449474,
  ],
  'Abs($close/30-1)*3': [
    0.955715954, 0.955715954, 0.955715954, 0.955715954, 0.751287639, 0.526416421, 0.279058099, 0.00716811419, 0.292319655, 0.621449232,
    0.621449232, 0.850409031, 1.23575628, 1.19589293, 1.17033935, 0.987375855,
  ],
};

describe('elementwise operators keep float32 as numpy does (Qlib golden values, exact float32)', () => {
  for (const [expr, expected] of Object.entries(GOLDEN)) {
    // + - * / are correctly rounded in float32 as in float64-then-round; numpy's float32 log / power are SIMD
    // polynomials (CPU-dependent, not correctly rounded): within a few float32 ulps there
    const ulps = /Log|Power/.test(expr) ? 2 ** -21 : 0;
    it(expr, () => {
      const got = evaluateSeries(provider, expr, 'T');
      for (let i = 0; i < expected.length; i++) {
        const e = Math.fround(expected[i]!);
        if (Number.isNaN(e)) expect(got[i], `${expr}[${i}]`).toBeNaN();
        else if (ulps === 0 || !Number.isFinite(e)) expect(got[i], `${expr}[${i}]`).toBe(e);
        else expect(Math.abs(got[i]! - e), `${expr}[${i}] = ${got[i]}, expected ${e}`).toBeLessThanOrEqual(ulps * Math.abs(e));
      }
    });
  }
});

const cn = cnQlibDir();

// The same stretch through the Alpha158 handler on the real CN data (Qlib 0.9.7, Alpha158 from 2010-01-04).
describe.skipIf(!cn.dir)(`float32 elementwise values on the real CN data${cn.reason ? ` (${cn.reason})` : ''}`, () => {
  it('SZ002174 CORD5 / LABEL0 after the 2013 suspension equal Qlib', () => {
    const provider = QlibProvider.open(cn.dir!);
    const names = ['CORD5', 'LABEL0'];
    const fields = handlerColumns(alpha158()).filter((c) => names.includes(c.name));
    const frame = computeFeatures(provider, { fields, instruments: ['SZ002174'], start: '2013-10-01', end: '2013-11-29' });
    const at = (name: string, date: string) =>
      frame.values[frame.columns.indexOf(name)]![frame.rowDate.indexOf(provider.calendar.indexOf(date))]!;
    expect(at('CORD5', '2013-10-28')).toBeNaN(); // float64 ratios gave 1.0
    const qlib: Array<[string, string, number]> = [
      ['CORD5', '2013-10-29', -0.988814831],
      ['CORD5', '2013-10-30', -0.931717396],
      ['CORD5', '2013-10-31', -0.676560342], // float64 ratios gave -0.676747
      ['CORD5', '2013-11-08', -0.654899836],
      ['LABEL0', '2013-10-22', 0.0999999046],
      ['LABEL0', '2013-10-25', 0.099924922],
    ];
    for (const [name, date, q] of qlib)
      expect(Math.abs(at(name, date) - q), `${name} ${date}: ${at(name, date)} vs ${q}`).toBeLessThan(2e-7);
  });
});
