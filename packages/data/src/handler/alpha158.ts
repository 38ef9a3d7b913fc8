import type { FieldSpec } from '../features/field-set.js';
import { DEFAULT_LABEL, type HandlerFields } from './handler-types.js';

const KBAR: Array<[string, string]> = [
  ['KMID', '($close-$open)/$open'],
  ['KLEN', '($high-$low)/$open'],
  ['KMID2', '($close-$open)/($high-$low+1e-12)'],
  ['KUP', '($high-Greater($open, $close))/$open'],
  ['KUP2', '($high-Greater($open, $close))/($high-$low+1e-12)'],
  ['KLOW', '(Less($open, $close)-$low)/$open'],
  ['KLOW2', '(Less($open, $close)-$low)/($high-$low+1e-12)'],
  ['KSFT', '(2*$close-$high-$low)/$open'],
  ['KSFT2', '(2*$close-$high-$low)/($high-$low+1e-12)'],
];

// Rolling groups in Qlib's order; `d` is replaced by the window (qlib/contrib/data/loader.py Alpha158DL).
const ROLLING: Array<[string, string]> = [
  ['ROC', 'Ref($close, d)/$close'],
  ['MA', 'Mean($close, d)/$close'],
  ['STD', 'Std($close, d)/$close'],
  ['BETA', 'Slope($close, d)/$close'],
  ['RSQR', 'Rsquare($close, d)'],
  ['RESI', 'Resi($close, d)/$close'],
  ['MAX', 'Max($high, d)/$close'],
  ['MIN', 'Min($low, d)/$close'],
  ['QTLU', 'Quantile($close, d, 0.8)/$close'],
  ['QTLD', 'Quantile($close, d, 0.2)/$close'],
  ['RANK', 'Rank($close, d)'],
  ['RSV', '($close-Min($low, d))/(Max($high, d)-Min($low, d)+1e-12)'],
  ['IMAX', 'IdxMax($high, d)/d'],
  ['IMIN', 'IdxMin($low, d)/d'],
  ['IMXD', '(IdxMax($high, d)-IdxMin($low, d))/d'],
  ['CORR', 'Corr($close, Log($volume+1), d)'],
  ['CORD', 'Corr($close/Ref($close,1), Log($volume/Ref($volume, 1)+1), d)'],
  ['CNTP', 'Mean($close>Ref($close, 1), d)'],
  ['CNTN', 'Mean($close<Ref($close, 1), d)'],
  ['CNTD', 'Mean($close>Ref($close, 1), d)-Mean($close<Ref($close, 1), d)'],
  ['SUMP', 'Sum(Greater($close-Ref($close, 1), 0), d)/(Sum(Abs($close-Ref($close, 1)), d)+1e-12)'],
  ['SUMN', 'Sum(Greater(Ref($close, 1)-$close, 0), d)/(Sum(Abs($close-Ref($close, 1)), d)+1e-12)'],
  [
    'SUMD',
    '(Sum(Greater($close-Ref($close, 1), 0), d)-Sum(Greater(Ref($close, 1)-$close, 0), d))/(Sum(Abs($close-Ref($close, 1)), d)+1e-12)',
  ],
  ['VMA', 'Mean($volume, d)/($volume+1e-12)'],
  ['VSTD', 'Std($volume, d)/($volume+1e-12)'],
  ['WVMA', 'Std(Abs($close/Ref($close, 1)-1)*$volume, d)/(Mean(Abs($close/Ref($close, 1)-1)*$volume, d)+1e-12)'],
  ['VSUMP', 'Sum(Greater($volume-Ref($volume, 1), 0), d)/(Sum(Abs($volume-Ref($volume, 1)), d)+1e-12)'],
  ['VSUMN', 'Sum(Greater(Ref($volume, 1)-$volume, 0), d)/(Sum(Abs($volume-Ref($volume, 1)), d)+1e-12)'],
  [
    'VSUMD',
    '(Sum(Greater($volume-Ref($volume, 1), 0), d)-Sum(Greater(Ref($volume, 1)-$volume, 0), d))/(Sum(Abs($volume-Ref($volume, 1)), d)+1e-12)',
  ],
];

/** Alpha158's default rolling windows. */
export const ALPHA158_WINDOWS: readonly number[] = [5, 10, 20, 30, 60];

/**
 * Qlib's Alpha158 handler fields: 9 k-bar, 4 price (window 0) and 29 rolling groups × 5 windows = 158
 * features in Qlib's column order (KMID … VSUMD60), plus `LABEL0`.
 */
export function alpha158(): HandlerFields {
  const features: FieldSpec[] = KBAR.map(([name, expr]) => ({ name, expr }));
  for (const f of ['OPEN', 'HIGH', 'LOW', 'VWAP']) features.push({ name: `${f}0`, expr: `$${f.toLowerCase()}/$close` });
  for (const [name, template] of ROLLING) {
    for (const d of ALPHA158_WINDOWS) features.push({ name: `${name}${d}`, expr: template.replace(/\bd\b/g, String(d)) });
  }
  return { features, labels: [{ ...DEFAULT_LABEL }] };
}
