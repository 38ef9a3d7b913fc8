import type { QlibProvider } from '../storage/qlib-provider.js';
import type { ConstNode, ExprNode, OpNode } from './ast.js';
import { rollingStd } from './kernels/rolling-moments.js';
import type { KernelCall } from './operator-spec.js';

/**
 * A node's values over an evaluated range `[a, b]` (`values[k]` is calendar position `a + k`) plus its
 * pandas index `[first, last]`: the positions where the series exists (the union of its stored fields'
 * ranges). Outside the index values are NaN; truncation-sensitive ops (IdxMax, WMA, Ref(x,0), …) treat
 * `first` as the series start, as Qlib does with the loaded slice.
 */
export interface NodeValues {
  readonly values: Float64Array;
  /** First position of the index (> last when the index is empty, e.g. a missing field file). */
  readonly first: number;
  readonly last: number;
  /** True for literals and operators over literals only: they broadcast like numpy scalars, with no index. */
  readonly constant?: boolean;
  /**
   * The numpy dtype Qlib's series has (absent: float64): stored fields are float32 and elementwise
   * operators keep it (see `ResultDtype` in operator-spec.ts); values of a float32 node are float32-rounded.
   */
  readonly dtype?: 'float32' | 'bool';
}

/** Rounds every value to float32 in place. */
function roundToFloat32(values: Float64Array): void {
  for (let i = 0; i < values.length; i++) values[i] = Math.fround(values[i]!);
}

/**
 * numpy's result type of an elementwise op on `inputs`: float32 when every series input that is not bool is
 * float32 (and there is one), bool when all of them are bool, else float64. Constants are Python numbers
 * there, which do not widen float32.
 */
function elementwiseDtype(inputs: readonly NodeValues[]): 'float32' | 'bool' | undefined {
  let float32 = false;
  let bool = false;
  for (const v of inputs) {
    if (v.constant) continue;
    if (v.dtype === 'bool') bool = true;
    else if (v.dtype === 'float32') float32 = true;
    else return undefined;
  }
  return float32 ? 'float32' : bool ? 'bool' : undefined;
}

/**
 * Evaluates expression nodes for one instrument over one calendar range `[a, b]`, caching every node by
 * id so shared sub-expressions (hash-consed in the pool) are computed once. Create one per (instrument,
 * range); path-dependent expressions get their own range (see computeFeatures).
 */
export class InstrumentEvaluator {
  readonly n: number;
  private readonly cache = new Map<number, NodeValues>();
  private readonly others = new Map<string, InstrumentEvaluator>();
  /** Rolling std by (input node, window): Std, Rsquare's and Corr's near-zero masks share it. */
  private readonly stds = new Map<string, Float64Array>();

  constructor(
    readonly provider: QlibProvider,
    readonly symbol: string,
    readonly a: number,
    readonly b: number,
  ) {
    this.n = Math.max(0, b - a + 1);
  }

  /** Values of `node` over this evaluator's range (cached). */
  evaluate(node: ExprNode): NodeValues {
    let r = this.cache.get(node.id);
    if (!r) {
      r = this.compute(node);
      this.cache.set(node.id, r);
    }
    return r;
  }

  private empty(): { first: number; last: number } {
    return { first: this.b + 1, last: this.a - 1 };
  }

  private compute(node: ExprNode): NodeValues {
    switch (node.kind) {
      case 'const':
        return { values: new Float64Array(this.n).fill(node.value), ...this.empty(), constant: true };
      case 'string':
        throw new Error(`a string (${node.key}) cannot be evaluated as a series`);
      case 'field': {
        const values = new Float64Array(this.n).fill(NaN);
        const s = this.provider.loadField(this.symbol, node.name);
        if (!s) return { values, ...this.empty() };
        const first = Math.max(this.a, s.start);
        const last = Math.min(this.b, s.start + s.values.length - 1);
        for (let p = first; p <= last; p++) values[p - this.a] = s.values[p - s.start]!;
        return { values, first, last, dtype: 'float32' };
      }
      case 'op':
        return this.computeOp(node);
    }
  }

  /**
   * The evaluator of another symbol over the same range (cached): ChangeInstrument / Mask evaluate their
   * argument there.
   */
  onInstrument(symbol: string): InstrumentEvaluator {
    let other = this.others.get(symbol);
    if (!other) {
      other = new InstrumentEvaluator(this.provider, symbol, this.a, this.b);
      this.others.set(symbol, other);
    }
    return other;
  }

  private computeOp(node: OpNode): NodeValues {
    const spec = node.spec;
    if (spec.evaluate) return spec.evaluate(node, this);
    const inputs: NodeValues[] = [];
    const inputNodes: ExprNode[] = [];
    let first = this.b + 1;
    let last = this.a - 1;
    node.args.forEach((arg, k) => {
      if (spec.params[k]!.kind !== 'expr') return;
      const v = this.evaluate(arg);
      inputs.push(v);
      inputNodes.push(arg);
      // pandas aligns operands on the union of their indexes; constants have none
      if (v.first <= v.last) {
        first = Math.min(first, v.first);
        last = Math.max(last, v.last);
      }
    });
    const args = node.args;
    const inputValues = inputs.map((v) => v.values);
    const call: KernelCall = {
      n: this.n,
      start: first - this.a,
      args,
      inputs: inputValues,
      dtypes: inputs.map((v) => (v.constant ? undefined : v.dtype)),
      number: (index) => (args[index] as ConstNode).value,
      window: (index) => this.windowOf(args[index] as ConstNode),
      std: (input, w) => this.stdOf(inputNodes[input]!, inputValues[input]!, w),
    };
    const values = spec.kernel!(call);
    const rule = spec.dtype ?? (spec.family === 'rolling' || spec.family === 'pairRolling' ? 'float64' : 'inputs');
    // np.where's result type is its branches', not the condition's
    const dtype =
      rule === 'inputs' ? elementwiseDtype(spec.family === 'if' ? inputs.slice(1) : inputs) : rule === 'float64' ? undefined : rule;
    if (dtype === 'float32' && spec.family !== 'ref') roundToFloat32(values); // a shift of float32 values is float32
    if (inputs.every((v) => v.constant)) return { values, first, last, constant: true };
    // rows outside the index do not exist in Qlib's result
    for (let k = 0; k < Math.min(this.n, first - this.a); k++) values[k] = NaN;
    for (let k = Math.max(0, last - this.a + 1); k < this.n; k++) values[k] = NaN;
    return { values, first, last, dtype };
  }

  /** Rolling std of `node` (values `x`) over `w`, computed once per (node, window) and shared. */
  private stdOf(node: ExprNode, x: Float64Array, w: number): Float64Array {
    const key = `${node.id}:${w}`;
    let s = this.stds.get(key);
    if (!s) {
      s = rollingStd(x, w);
      this.stds.set(key, s);
    }
    return s;
  }

  private windowOf(c: ConstNode): number {
    // N = 0 is Qlib's expanding form: a window as long as the evaluated range
    return c.value === 0 ? Math.max(1, this.n) : c.value;
  }
}
