/**
 * What an expression operator is: its parameters, the family that decides how its arguments are checked,
 * its lookback rule (Qlib's `get_extended_window_size`) and the kernel that computes it. One
 * {@link OperatorSpec} is all an operator needs; register it in an `OperatorRegistry`.
 */
import type { ConstNode, ExprNode, OpNode } from './ast.js';
import type { InstrumentEvaluator, NodeValues } from './evaluator.js';

/** How an argument is read: a sub-expression (numbers allowed), a window length, a plain number, or a symbol. */
export type ArgKind = 'expr' | 'window' | 'number' | 'instrument';

/**
 * Operator families, as in qlib/data/ops.py: `elem` (one input), `binary` (two inputs, pandas-aligned),
 * `if`, `ref` (shift), `rolling` (one input + window), `pairRolling` (two inputs + window) and
 * `changeInstrument` (evaluate on another symbol). The family decides how window arguments are checked.
 */
export type OpFamily = 'elem' | 'binary' | 'if' | 'ref' | 'rolling' | 'pairRolling' | 'changeInstrument';

/** One parameter of an operator. */
export interface OperatorParam {
  readonly name: string;
  readonly kind: ArgKind;
}

/** Extra rows an expression needs left (history) and right (future) of a range, and its path dependence. */
export interface Lookback {
  readonly window: readonly [number, number];
  /**
   * Whether values depend on where loading starts (EMA with an integer span, expanding N=0 ops, Ref(x,0),
   * float-alpha windows). Such nodes are evaluated from the same start Qlib would use.
   */
  readonly pathDependent: boolean;
}

/**
 * An operator's lookback: `inner` is its expression arguments' combined lookback, `args` the call's
 * arguments (window and number arguments as ConstNode).
 */
export type LookbackRule = (inner: Lookback, args: readonly ExprNode[]) => Lookback;

/**
 * What a kernel sees: the evaluated range's length, its expression inputs aligned on the range, and the
 * call's constant arguments. Kernels return a fresh array of length `n`; the evaluator then blanks the
 * rows outside the inputs' index, as pandas alignment does.
 */
export interface KernelCall {
  /** Rows in the evaluated range. */
  readonly n: number;
  /**
   * Range offset of the first row of the inputs' index (Qlib's loaded-slice start), for
   * truncation-sensitive operators (IdxMax, WMA, Ref(x,0), expanding forms). May be < 0 or >= n.
   */
  readonly start: number;
  /** The call's arguments, as parsed (windows and numbers are ConstNode). */
  readonly args: readonly ExprNode[];
  /** Values of the expression arguments, in parameter order. */
  readonly inputs: readonly Float64Array[];
  /**
   * numpy dtype of each expression argument's series, in parameter order: `float32` / `bool`, or undefined
   * for float64 (and for constants, which numpy sees as Python numbers).
   */
  readonly dtypes: readonly ('float32' | 'bool' | undefined)[];
  /** The numeric value of argument `index` (a window or number parameter). */
  number(index: number): number;
  /** Window of the ConstNode argument `index`: N, or the evaluated range's length for N = 0 (expanding). */
  window(index: number): number;
  /** Rolling std (ddof 1) of expression input `input` over `w` rows, shared by operators (do not modify it). */
  std(input: number, w: number): Float64Array;
}

/**
 * The numpy dtype of Qlib's result, which decides whether rollq rounds the values to float32. Qlib loads
 * fields as float32 and numpy keeps that dtype through elementwise operators, while pandas windows and
 * Qlib's Cython kernels return float64:
 * - `inputs`: float32 when every series input is float32 (a Python-number constant does not widen it, a
 *   float64 series does; bool inputs take no part), float64 otherwise (elementwise ops, Ref, Delta);
 * - `bool`: comparisons and logic (0/1, exact in either; they take no part in a later op's dtype);
 * - `float32` (Sign: Qlib casts it) or `float64` (rolling windows) whatever the inputs.
 */
export type ResultDtype = 'inputs' | 'bool' | 'float32' | 'float64';

/** Computes an operator's values from its aligned inputs (see {@link KernelCall}). */
export type OperatorKernel = (call: KernelCall) => Float64Array;

/**
 * Evaluates an operator node without the evaluator's input alignment and index masking (ChangeInstrument
 * and Mask, which evaluate their argument on another symbol).
 */
export type OperatorEvaluate = (node: OpNode, evaluator: InstrumentEvaluator) => NodeValues;

/** Everything rollq knows about one operator. Give it exactly one of `kernel` and `evaluate`. */
export interface OperatorSpec {
  /** Name as written in expressions (case-sensitive, as Qlib registers class names). */
  readonly name: string;
  readonly family: OpFamily;
  readonly params: readonly OperatorParam[];
  /** EMA alone accepts a float window 0 < N < 1 (an alpha). */
  readonly floatWindow?: boolean;
  /** Smallest non-zero window the constructor accepts (Skew 3, Kurt 4; Qlib raises below it). */
  readonly minWindow?: number;
  /** Whether N = 0 (expanding) is accepted. */
  readonly expanding?: boolean;
  /**
   * Qlib's result dtype (default: `float64` for the `rolling` and `pairRolling` families, `inputs` for the
   * others). A float32 result is rounded to float32 after the kernel, as numpy computes it.
   */
  readonly dtype?: ResultDtype;
  /** Extra rows the operator loads around its inputs' (default: {@link defaultLookback} of its family). */
  readonly lookback?: LookbackRule;
  /** Computes the values from aligned inputs. */
  readonly kernel?: OperatorKernel;
  /** Evaluates the node itself (instead of `kernel`). */
  readonly evaluate?: OperatorEvaluate;
}

/**
 * The lookback of an operator that reads only the current row of its inputs (elementwise, If,
 * ChangeInstrument): its inputs' own.
 *
 * @example
 * ```ts
 * const double: OperatorSpec = { name: 'Double', family: 'elem', params: [{ name: 'x', kind: 'expr' }],
 *   lookback: sameRowLookback, kernel: ({ inputs: [x] }) => x!.map((v) => 2 * v) };
 * ```
 */
export const sameRowLookback: LookbackRule = (inner) => inner;

/**
 * The lookback of a shift by argument `index` (Ref): N rows of history for N > 0, -N rows of future for
 * N < 0, and path dependence for N = 0 (Qlib fills with the first loaded value).
 *
 * @example
 * ```ts
 * const lag: OperatorSpec = { name: 'Lag', family: 'ref', params: [X, N], lookback: shiftLookback(1), kernel };
 * ```
 */
export function shiftLookback(index: number): LookbackRule {
  return ({ window: [l, r], pathDependent }, args) => {
    const n = (args[index] as ConstNode).value;
    if (n > 0) return { window: [l + n, r], pathDependent };
    if (n < 0) return { window: [l, r - n], pathDependent };
    return { window: [l, r], pathDependent: true };
  };
}

/**
 * The lookback of a rolling window at argument `index`: N - 1 rows of history; N = 0 (expanding) and float
 * alphas are path dependent (an alpha loads Qlib's `int(log(1e-6)/log(1-N)) - 1` rows, a truncated infinite
 * memory). `alwaysPathDependent` marks operators whose integer windows still depend on the start (EMA).
 *
 * @example
 * ```ts
 * const mySum: OperatorSpec = { name: 'MySum', family: 'rolling', params: [X, N], lookback: windowLookback(1), kernel };
 * ```
 */
export function windowLookback(index: number, alwaysPathDependent = false): LookbackRule {
  return ({ window: [l, r], pathDependent }, args) => {
    const w = args[index] as ConstNode;
    const n = w.value;
    if (!w.isInt) return { window: [l + Math.trunc(Math.log(1e-6) / Math.log(1 - n)) - 1, r], pathDependent: true };
    if (n === 0) return { window: [l, r], pathDependent: true };
    return { window: [l + n - 1, r], pathDependent: pathDependent || alwaysPathDependent };
  };
}

/**
 * The lookback rule a spec gets when it gives none: a shift for the `ref` family, a rolling window for a
 * spec with a window parameter, the inputs' own otherwise.
 *
 * @example
 * ```ts
 * const rule = spec.lookback ?? defaultLookback(spec);
 * ```
 */
export function defaultLookback(spec: Pick<OperatorSpec, 'family' | 'params'>): LookbackRule {
  const index = spec.params.findIndex((p) => p.kind === 'window');
  if (index < 0) return sameRowLookback;
  return spec.family === 'ref' ? shiftLookback(index) : windowLookback(index);
}
