/**
 * Qlib's built-in operators (qlib/data/ops.py), each spec with its parameters, lookback rule and kernel.
 * `defaultOperatorRegistry()` holds them all; add your own to a copy of it (Qlib's `custom_ops`).
 */
import type { ConstNode, ExprNode, StringNode } from './ast.js';
import { BINARY_KERNELS, UNARY_KERNELS } from './elementwise.js';
import { rollingArgExtreme, rollingExtreme } from './kernels/rolling-extrema.js';
import { rollingCount, rollingHigherMoment, rollingSum, rollingVar } from './kernels/rolling-moments.js';
import { rollingMad, rollingQuantile, rollingRank } from './kernels/rolling-order.js';
import { rollingPair } from './kernels/rolling-pair.js';
import { rollingRegression } from './kernels/rolling-regression.js';
import { ewmMean, expandingEma, rollingWma } from './kernels/rolling-weighted.js';
import { numpyLogf } from './numpy-logf.js';
import {
  type KernelCall,
  type OperatorEvaluate,
  type OperatorSpec,
  type ResultDtype,
  sameRowLookback,
  shiftLookback,
  windowLookback,
} from './operator-spec.js';

/**
 * Absolute tolerance under which a rolling std counts as zero: Corr and Rsquare are NaN there, as Qlib's
 * `np.isclose(std, 0, atol=2e-5)`.
 */
export const STD_ZERO_ATOL = 2e-5;

const X = { name: 'feature', kind: 'expr' } as const;
const N = { name: 'N', kind: 'window' } as const;
const LEFT = { name: 'left', kind: 'expr' } as const;
const RIGHT = { name: 'right', kind: 'expr' } as const;

/** Comparisons and logic give numpy bools; Sign is cast to float32 by Qlib; the rest keep their inputs' dtype. */
const BOOL_RESULTS: ReadonlySet<string> = new Set(['Not', 'Gt', 'Ge', 'Lt', 'Le', 'Eq', 'Ne', 'And', 'Or']);

function elemDtype(name: string): ResultDtype {
  return BOOL_RESULTS.has(name) ? 'bool' : name === 'Sign' ? 'float32' : 'inputs';
}

function elem(name: keyof typeof UNARY_KERNELS): OperatorSpec {
  const f = UNARY_KERNELS[name];
  return { name, family: 'elem', params: [X], dtype: elemDtype(name), lookback: sameRowLookback, kernel: (c) => f(c.inputs[0]!) };
}

/** Log: numpy's own float32 log on a float32 series (not correctly rounded, see numpy-logf.ts), else `Math.log`. */
const LOG: OperatorSpec = {
  ...elem('Log'),
  kernel: (c) => {
    const x = c.inputs[0]!;
    if (c.dtypes[0] !== 'float32') return UNARY_KERNELS.Log(x);
    const out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = numpyLogf(x[i]!);
    return out;
  },
};

function binary(name: keyof typeof BINARY_KERNELS): OperatorSpec {
  const f = BINARY_KERNELS[name];
  return {
    name,
    family: 'binary',
    params: [LEFT, RIGHT],
    dtype: elemDtype(name),
    lookback: sameRowLookback,
    kernel: (c) => f(c.inputs[0]!, c.inputs[1]!),
  };
}

/** A rolling kernel body: input, window (the range length for N = 0), the call, and N as written. */
type RollingBody = (x: Float64Array, w: number, c: KernelCall, N: number) => Float64Array;

/** `Op(feature, N[, …])` over an integer window; `extra` adds parameters or constraints. */
function rolling(name: string, body: RollingBody, extra: Partial<OperatorSpec> = {}): OperatorSpec {
  return {
    name,
    family: 'rolling',
    params: [X, N],
    expanding: true,
    lookback: windowLookback(1),
    kernel: (c) => {
      const wArg = c.args[1] as ConstNode;
      if (!wArg.isInt) throw new Error(`${name} has no float-window form`);
      return body(c.inputs[0]!, c.window(1), c, wArg.value);
    },
    ...extra,
  };
}

function pairRolling(name: string, corr: boolean): OperatorSpec {
  return {
    name,
    family: 'pairRolling',
    params: [LEFT, RIGHT, N],
    lookback: windowLookback(2),
    kernel: (c) => {
      const w = c.window(2);
      const [x, y] = c.inputs as [Float64Array, Float64Array];
      const out = rollingPair(x, y, w, corr);
      if (corr) {
        // Qlib: NaN where either input's own rolling std is ~0
        const sx = c.std(0, w);
        const sy = c.std(1, w);
        for (let i = 0; i < c.n; i++) if (Math.abs(sx[i]!) <= STD_ZERO_ATOL || Math.abs(sy[i]!) <= STD_ZERO_ATOL) out[i] = NaN;
      }
      return out;
    },
  };
}

/** ChangeInstrument / Mask: the expression argument evaluated on the quoted symbol (upper-cased). */
const onOtherInstrument: OperatorEvaluate = (node, ev) => {
  const inst = (node.args.find((a) => a.kind === 'string') as StringNode).value.toUpperCase();
  const x = node.args.find((a) => a.kind !== 'string') as ExprNode;
  return ev.onInstrument(inst).evaluate(x);
};

function ref(x: Float64Array, n: number, N: number, start: number): Float64Array {
  const out = new Float64Array(n).fill(NaN);
  if (N === 0) {
    // Qlib fills every row with the first loaded value (issue #202)
    if (start < n) out.fill(x[Math.max(0, start)]!);
    return out;
  }
  for (let i = Math.max(0, N); i < Math.min(n, n + N); i++) out[i] = x[i - N]!;
  return out;
}

/** Every Qlib operator rollq understands, in Qlib's order (suggestions and listings follow it). */
export const BUILTIN_OPERATORS: readonly OperatorSpec[] = [
  elem('Abs'),
  elem('Sign'),
  LOG,
  elem('Not'),
  ...(['Add', 'Sub', 'Mul', 'Div', 'Power', 'Greater', 'Less', 'Gt', 'Ge', 'Lt', 'Le', 'Eq', 'Ne', 'And', 'Or'] as const).map(binary),
  {
    name: 'If',
    family: 'if',
    params: [{ name: 'condition', kind: 'expr' }, LEFT, RIGHT],
    lookback: sameRowLookback,
    kernel: ({ n, inputs }) => {
      const [c, t, f] = inputs as [Float64Array, Float64Array, Float64Array];
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = c[i] ? t[i]! : f[i]!;
      return out;
    },
  },
  {
    name: 'Ref',
    family: 'ref',
    params: [X, N],
    lookback: shiftLookback(1),
    kernel: (c) => ref(c.inputs[0]!, c.n, c.number(1), c.start),
  },
  rolling('Mean', (x, w) => rollingSum(x, w, true)),
  rolling('Sum', (x, w) => rollingSum(x, w)),
  rolling('Std', (_x, w, c) => c.std(0, w).slice()), // copied: the evaluator masks its result in place
  rolling('Var', (x, w) => rollingVar(x, w)),
  rolling('Skew', (x, w) => rollingHigherMoment(x, w, 3), { minWindow: 3 }),
  rolling('Kurt', (x, w) => rollingHigherMoment(x, w, 4), { minWindow: 4 }),
  rolling('Max', (x, w) => rollingExtreme(x, w, 1)),
  rolling('Min', (x, w) => rollingExtreme(x, w, -1)),
  rolling('IdxMax', (x, w, c) => rollingArgExtreme(x, w, 1, c.start)),
  rolling('IdxMin', (x, w, c) => rollingArgExtreme(x, w, -1, c.start)),
  rolling('Quantile', (x, w, c) => rollingQuantile(x, w, c.number(2)), { params: [X, N, { name: 'qscore', kind: 'number' }] }),
  rolling('Med', (x, w) => rollingQuantile(x, w, 0.5)),
  rolling('Mad', (x, w) => rollingMad(x, w)),
  rolling('Rank', (x, w) => rollingRank(x, w)),
  rolling('Count', (x, w) => rollingCount(x, w)),
  // series - series.shift(N): elementwise numpy, the input's dtype
  rolling(
    'Delta',
    (x, _w, { n, start }, N) => {
      const out = new Float64Array(n);
      if (N === 0) {
        const base = start < n ? x[Math.max(0, start)]! : NaN;
        for (let i = 0; i < n; i++) out[i] = x[i]! - base;
      } else {
        for (let i = 0; i < n; i++) out[i] = i >= N ? x[i]! - x[i - N]! : NaN;
      }
      return out;
    },
    { dtype: 'inputs' },
  ),
  rolling('Slope', (x, w) => rollingRegression(x, w, 'slope')),
  rolling('Rsquare', (x, w, c, N) => {
    const out = rollingRegression(x, w, 'rsquare');
    if (N > 0) {
      const sd = c.std(0, w);
      for (let i = 0; i < c.n; i++) if (Math.abs(sd[i]!) <= STD_ZERO_ATOL) out[i] = NaN;
    }
    return out;
  }),
  rolling('Resi', (x, w) => rollingRegression(x, w, 'resi')),
  rolling('WMA', (x, w, c) => rollingWma(x, w, c.start)),
  {
    name: 'EMA',
    family: 'rolling',
    params: [X, N],
    expanding: true,
    floatWindow: true,
    // an integer span's EMA still depends on where loading starts (infinite memory)
    lookback: windowLookback(1, true),
    kernel: (c) => {
      const x = c.inputs[0]!;
      const wArg = c.args[1] as ConstNode;
      if (!wArg.isInt) return ewmMean(x, wArg.value);
      const N = wArg.value;
      return N === 0 ? expandingEma(x, c.start) : ewmMean(x, 2 / (N + 1));
    },
  },
  pairRolling('Corr', true),
  pairRolling('Cov', false),
  {
    name: 'ChangeInstrument',
    family: 'changeInstrument',
    params: [{ name: 'instrument', kind: 'instrument' }, X],
    lookback: sameRowLookback,
    evaluate: onOtherInstrument,
  },
  {
    name: 'Mask',
    family: 'changeInstrument',
    params: [X, { name: 'instrument', kind: 'instrument' }],
    lookback: sameRowLookback,
    evaluate: onOtherInstrument,
  },
];

/** Built-in operators by name (case-sensitive, as Qlib registers class names). */
export const OPERATORS: ReadonlyMap<string, OperatorSpec> = new Map(BUILTIN_OPERATORS.map((s) => [s.name, s]));

/** Built-in operator names, in registry order (for suggestions and documentation). */
export const OPERATOR_NAMES: readonly string[] = BUILTIN_OPERATORS.map((s) => s.name);

/** Infix operator → the operator it builds (Python's operator overloading on qlib Expression). */
export const INFIX_OPERATORS: Readonly<Record<string, string>> = {
  '+': 'Add',
  '-': 'Sub',
  '*': 'Mul',
  '/': 'Div',
  '**': 'Power',
  '>': 'Gt',
  '>=': 'Ge',
  '<': 'Lt',
  '<=': 'Le',
  '==': 'Eq',
  '!=': 'Ne',
  '&': 'And',
  '|': 'Or',
};
