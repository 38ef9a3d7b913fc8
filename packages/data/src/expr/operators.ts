/**
 * The operator registry: every Qlib operator rollq understands, with its parameters and the family that
 * decides its lookback (Qlib's `get_extended_window_size`) and how it is evaluated.
 */

/** How an argument is read: a sub-expression (numbers allowed), a window length, a plain number, or a symbol. */
export type ArgKind = 'expr' | 'window' | 'number' | 'instrument';

/**
 * Operator families, as in qlib/data/ops.py: `elem` (one input), `binary` (two inputs, pandas-aligned),
 * `if`, `ref` (shift), `rolling` (one input + window), `pairRolling` (two inputs + window) and
 * `changeInstrument` (evaluate on another symbol).
 */
export type OpFamily = 'elem' | 'binary' | 'if' | 'ref' | 'rolling' | 'pairRolling' | 'changeInstrument';

/** Static description of one operator. */
export interface OperatorSpec {
  readonly name: string;
  readonly family: OpFamily;
  readonly params: ReadonlyArray<{ readonly name: string; readonly kind: ArgKind }>;
  /** EMA alone accepts a float window 0 < N < 1 (an alpha). */
  readonly floatWindow?: boolean;
  /** Smallest non-zero window the constructor accepts (Skew 3, Kurt 4; Qlib raises below it). */
  readonly minWindow?: number;
  /** Whether N = 0 (expanding) is accepted. */
  readonly expanding?: boolean;
}

const X = { name: 'feature', kind: 'expr' } as const;
const N = { name: 'N', kind: 'window' } as const;

function rolling(name: string, extra: Partial<OperatorSpec> = {}): OperatorSpec {
  return { name, family: 'rolling', params: [X, N], expanding: true, ...extra };
}
function elem(name: string): OperatorSpec {
  return { name, family: 'elem', params: [X] };
}
function binary(name: string): OperatorSpec {
  return {
    name,
    family: 'binary',
    params: [
      { name: 'left', kind: 'expr' },
      { name: 'right', kind: 'expr' },
    ],
  };
}

const SPECS: OperatorSpec[] = [
  elem('Abs'),
  elem('Sign'),
  elem('Log'),
  elem('Not'),
  ...['Add', 'Sub', 'Mul', 'Div', 'Power', 'Greater', 'Less', 'Gt', 'Ge', 'Lt', 'Le', 'Eq', 'Ne', 'And', 'Or'].map(binary),
  {
    name: 'If',
    family: 'if',
    params: [
      { name: 'condition', kind: 'expr' },
      { name: 'left', kind: 'expr' },
      { name: 'right', kind: 'expr' },
    ],
  },
  { name: 'Ref', family: 'ref', params: [X, N] },
  rolling('Mean'),
  rolling('Sum'),
  rolling('Std'),
  rolling('Var'),
  rolling('Skew', { minWindow: 3 }),
  rolling('Kurt', { minWindow: 4 }),
  rolling('Max'),
  rolling('Min'),
  rolling('IdxMax'),
  rolling('IdxMin'),
  { name: 'Quantile', family: 'rolling', params: [X, N, { name: 'qscore', kind: 'number' }], expanding: true },
  rolling('Med'),
  rolling('Mad'),
  rolling('Rank'),
  rolling('Count'),
  rolling('Delta'),
  rolling('Slope'),
  rolling('Rsquare'),
  rolling('Resi'),
  rolling('WMA'),
  rolling('EMA', { floatWindow: true }),
  { name: 'Corr', family: 'pairRolling', params: [{ name: 'left', kind: 'expr' }, { name: 'right', kind: 'expr' }, N] },
  { name: 'Cov', family: 'pairRolling', params: [{ name: 'left', kind: 'expr' }, { name: 'right', kind: 'expr' }, N] },
  { name: 'ChangeInstrument', family: 'changeInstrument', params: [{ name: 'instrument', kind: 'instrument' }, X] },
  { name: 'Mask', family: 'changeInstrument', params: [X, { name: 'instrument', kind: 'instrument' }] },
];

/** Operators by name (case-sensitive, as Qlib registers class names). */
export const OPERATORS: ReadonlyMap<string, OperatorSpec> = new Map(SPECS.map((s) => [s.name, s]));

/** All operator names, in registry order (for suggestions and documentation). */
export const OPERATOR_NAMES: readonly string[] = SPECS.map((s) => s.name);

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
