import type { QlibProvider } from '../storage/qlib-provider.js';
import type { ConstNode, ExprNode, OpNode, StringNode } from './ast.js';
import { binaryOp, unaryOp } from './elementwise.js';
import { rollingArgExtreme, rollingExtreme } from './kernels/rolling-extrema.js';
import { rollingCount, rollingHigherMoment, rollingStd, rollingSum, rollingVar } from './kernels/rolling-moments.js';
import { rollingMad, rollingQuantile, rollingRank } from './kernels/rolling-order.js';
import { rollingPair } from './kernels/rolling-pair.js';
import { rollingRegression } from './kernels/rolling-regression.js';
import { ewmMean, expandingEma, rollingWma } from './kernels/rolling-weighted.js';

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
        return { values, first, last };
      }
      case 'op':
        return this.computeOp(node);
    }
  }

  private computeOp(node: OpNode): NodeValues {
    const spec = node.spec;
    if (spec.family === 'changeInstrument') {
      const inst = (node.args.find((a) => a.kind === 'string') as StringNode).value.toUpperCase();
      const x = node.args.find((a) => a.kind !== 'string')!;
      let other = this.others.get(inst);
      if (!other) {
        other = new InstrumentEvaluator(this.provider, inst, this.a, this.b);
        this.others.set(inst, other);
      }
      return other.evaluate(x);
    }
    const inputs: NodeValues[] = [];
    let first = this.b + 1;
    let last = this.a - 1;
    node.args.forEach((arg, k) => {
      if (spec.params[k]!.kind !== 'expr') return;
      const v = this.evaluate(arg);
      inputs.push(v);
      // pandas aligns operands on the union of their indexes; constants have none
      if (v.first <= v.last) {
        first = Math.min(first, v.first);
        last = Math.max(last, v.last);
      }
    });
    const values = this.kernel(node, inputs, first - this.a);
    if (inputs.every((v) => v.constant)) return { values, first, last, constant: true };
    // rows outside the index do not exist in Qlib's result
    for (let k = 0; k < Math.min(this.n, first - this.a); k++) values[k] = NaN;
    for (let k = Math.max(0, last - this.a + 1); k < this.n; k++) values[k] = NaN;
    return { values, first, last };
  }

  private kernel(node: OpNode, inputs: NodeValues[], start: number): Float64Array {
    const spec = node.spec;
    const x = inputs[0]!.values;
    switch (spec.family) {
      case 'elem':
        return unaryOp(node.op, x);
      case 'binary':
        return binaryOp(node.op, x, inputs[1]!.values);
      case 'if': {
        const [c, t, f] = inputs.map((v) => v.values) as [Float64Array, Float64Array, Float64Array];
        const out = new Float64Array(this.n);
        for (let i = 0; i < this.n; i++) out[i] = c[i] ? t[i]! : f[i]!;
        return out;
      }
      case 'ref':
        return this.ref(x, (node.args[1] as ConstNode).value, start);
      case 'pairRolling': {
        const w = this.windowOf(node.args[2] as ConstNode);
        const y = inputs[1]!.values;
        const out = rollingPair(x, y, w, node.op === 'Corr');
        if (node.op === 'Corr') {
          // Qlib: NaN where either input's own rolling std is ~0 (np.isclose(std, 0, atol=2e-5))
          const sx = this.stdOf(node.args[0]!, x, w);
          const sy = this.stdOf(node.args[1]!, y, w);
          for (let i = 0; i < this.n; i++) if (Math.abs(sx[i]!) <= 2e-5 || Math.abs(sy[i]!) <= 2e-5) out[i] = NaN;
        }
        return out;
      }
      case 'rolling':
        return this.rolling(node, x, start);
      default:
        throw new Error(`unhandled operator family ${spec.family}`);
    }
  }

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

  private ref(x: Float64Array, N: number, start: number): Float64Array {
    const out = new Float64Array(this.n).fill(NaN);
    if (N === 0) {
      // Qlib fills every row with the first loaded value (issue #202)
      if (start < this.n) out.fill(x[Math.max(0, start)]!);
      return out;
    }
    for (let i = Math.max(0, N); i < Math.min(this.n, this.n + N); i++) out[i] = x[i - N]!;
    return out;
  }

  private rolling(node: OpNode, x: Float64Array, start: number): Float64Array {
    const wArg = node.args[1] as ConstNode;
    if (!wArg.isInt) {
      if (node.op === 'EMA') return ewmMean(x, wArg.value);
      throw new Error(`${node.op} has no float-window form`);
    }
    const N = wArg.value;
    const w = this.windowOf(wArg);
    switch (node.op) {
      case 'Mean':
        return rollingSum(x, w, true);
      case 'Sum':
        return rollingSum(x, w);
      case 'Count':
        return rollingCount(x, w);
      case 'Std':
        return this.stdOf(node.args[0]!, x, w).slice(); // copied: the caller masks its result in place
      case 'Var':
        return rollingVar(x, w);
      case 'Skew':
        return rollingHigherMoment(x, w, 3);
      case 'Kurt':
        return rollingHigherMoment(x, w, 4);
      case 'Max':
        return rollingExtreme(x, w, 1);
      case 'Min':
        return rollingExtreme(x, w, -1);
      case 'IdxMax':
        return rollingArgExtreme(x, w, 1, start);
      case 'IdxMin':
        return rollingArgExtreme(x, w, -1, start);
      case 'Quantile':
        return rollingQuantile(x, w, (node.args[2] as ConstNode).value);
      case 'Med':
        return rollingQuantile(x, w, 0.5);
      case 'Mad':
        return rollingMad(x, w);
      case 'Rank':
        return rollingRank(x, w);
      case 'Delta': {
        const out = new Float64Array(this.n);
        if (N === 0) {
          const base = start < this.n ? x[Math.max(0, start)]! : NaN;
          for (let i = 0; i < this.n; i++) out[i] = x[i]! - base;
        } else {
          for (let i = 0; i < this.n; i++) out[i] = i >= N ? x[i]! - x[i - N]! : NaN;
        }
        return out;
      }
      case 'Slope':
        return rollingRegression(x, w, 'slope');
      case 'Resi':
        return rollingRegression(x, w, 'resi');
      case 'Rsquare': {
        const out = rollingRegression(x, w, 'rsquare');
        if (N > 0) {
          const sd = this.stdOf(node.args[0]!, x, w);
          for (let i = 0; i < this.n; i++) if (Math.abs(sd[i]!) <= 2e-5) out[i] = NaN;
        }
        return out;
      }
      case 'WMA':
        return rollingWma(x, w, start);
      case 'EMA':
        return N === 0 ? expandingEma(x, start) : ewmMean(x, 2 / (N + 1));
      default:
        throw new Error(`unhandled rolling operator ${node.op}`);
    }
  }
}
