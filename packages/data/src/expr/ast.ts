import { builtinOperators, type OperatorRegistry } from './operator-registry.js';
import { defaultLookback, type Lookback, type OperatorSpec } from './operator-spec.js';

interface NodeBase {
  /** Dense id within its pool: evaluators cache results by it. */
  readonly id: number;
  /** Canonical string (Qlib's `str(expr)` form, field names lower-cased); equal keys = same node. */
  readonly key: string;
  /** Extra rows needed left (history) and right (future) of a requested range, Qlib's extended window. */
  readonly window: readonly [number, number];
  /**
   * Whether values depend on where loading starts (EMA with an integer span, expanding N=0 ops, Ref(x,0),
   * float-alpha windows). Such nodes are evaluated from the same start Qlib would use.
   */
  readonly pathDependent: boolean;
}

/** A stored field, `$close`. */
export interface FieldNode extends NodeBase {
  readonly kind: 'field';
  readonly name: string;
}
/** A numeric literal; `isInt` keeps Python's int / float distinction (it selects window semantics). */
export interface ConstNode extends NodeBase {
  readonly kind: 'const';
  readonly value: number;
  readonly isInt: boolean;
}
/** A quoted symbol, the first argument of ChangeInstrument. */
export interface StringNode extends NodeBase {
  readonly kind: 'string';
  readonly value: string;
}
/** An operator application. Window / number / instrument arguments are kept as ConstNode / StringNode. */
export interface OpNode extends NodeBase {
  readonly kind: 'op';
  readonly op: string;
  readonly spec: OperatorSpec;
  readonly args: readonly ExprNode[];
}

/** A node of a parsed, hash-consed expression graph. */
export type ExprNode = FieldNode | ConstNode | StringNode | OpNode;

function formatNumber(value: number, isInt: boolean): string {
  // Python prints 5.0 for a float five; the distinction changes window semantics, so keep it in the key.
  if (!isInt && Number.isInteger(value) && Math.abs(value) < 1e16) return `${value}.0`;
  return String(value);
}

/**
 * Hash-consing store for expression nodes: building the same sub-expression twice returns the same node,
 * so an evaluator computes `$close`, `Ref($close, 1)` … once per instrument however many features use them.
 */
export class ExprPool {
  private readonly byKey = new Map<string, ExprNode>();
  private nextId = 0;

  /** @param operators the operators `op` builds from (default: Qlib's built-in ones). */
  constructor(readonly operators: OperatorRegistry = builtinOperators()) {}

  /** Number of distinct nodes. */
  get size(): number {
    return this.nextId;
  }

  private intern<T extends ExprNode>(key: string, make: (id: number) => T): T {
    const found = this.byKey.get(key);
    if (found) return found as T;
    const node = make(this.nextId++);
    this.byKey.set(key, node);
    return node;
  }

  /** `$name` (case-insensitive, as Qlib's storage is). */
  field(name: string): FieldNode {
    const n = name.toLowerCase();
    const key = `$${n}`;
    return this.intern(key, (id) => ({ kind: 'field', id, key, name: n, window: [0, 0], pathDependent: false }));
  }

  /** A numeric literal. */
  constant(value: number, isInt = Number.isInteger(value)): ConstNode {
    const key = formatNumber(value, isInt);
    return this.intern(key, (id) => ({ kind: 'const', id, key, value, isInt, window: [0, 0], pathDependent: false }));
  }

  /** A quoted symbol. */
  string(value: string): StringNode {
    const key = JSON.stringify(value);
    return this.intern(key, (id) => ({ kind: 'string', id, key, value, window: [0, 0], pathDependent: false }));
  }

  /**
   * `Op(args…)` with the pool's operator `name`; arguments must already be validated against the
   * operator's parameters (the parser does).
   */
  op(name: string, args: readonly ExprNode[]): OpNode {
    const spec = this.operators.get(name);
    const key = `${name}(${args.map((a) => a.key).join(',')})`;
    return this.intern(key, (id) => {
      const { window, pathDependent } = windowOf(spec, args);
      return { kind: 'op', id, key, op: name, spec, args, window, pathDependent };
    });
  }
}

/** Qlib's `get_extended_window_size` for one operator application, plus path dependence. */
function windowOf(spec: OperatorSpec, args: readonly ExprNode[]): { window: [number, number]; pathDependent: boolean } {
  let l = 0;
  let r = 0;
  let dep = false;
  args.forEach((a, i) => {
    if (spec.params[i]!.kind !== 'expr') return;
    l = Math.max(l, a.window[0]);
    r = Math.max(r, a.window[1]);
    dep ||= a.pathDependent;
  });
  const inner: Lookback = { window: [l, r], pathDependent: dep };
  const { window, pathDependent } = (spec.lookback ?? defaultLookback(spec))(inner, args);
  return { window: [window[0], window[1]], pathDependent };
}
