import { type ConstNode, type ExprNode, ExprPool } from './ast.js';
import { expressionError } from './expression-error.js';
import type { OperatorRegistry } from './operator-registry.js';
import type { OperatorSpec } from './operator-spec.js';
import { INFIX_OPERATORS } from './operators.js';
import { type Token, tokenize } from './tokenizer.js';

const COMPARISONS = new Set(['>', '>=', '<', '<=', '==', '!=']);

/** A parsed argument before validation, remembering where it started for error carets. */
interface Parsed {
  node: ExprNode;
  pos: number;
  end: number;
}

/**
 * Recursive-descent parser for Qlib expression strings with Python's precedence (lowest first):
 * comparisons, `|`, `&`, `+ -`, `* /`, unary `-`, `**`. Every operator call is checked against the
 * registry (name, arity, window / number arguments) so mistakes fail at parse time with a caret.
 */
class Parser {
  private i = 0;
  private readonly toks: Token[];

  constructor(
    private readonly text: string,
    private readonly pool: ExprPool,
  ) {
    this.toks = tokenize(text);
  }

  parse(): ExprNode {
    if (this.peek().kind === 'end')
      throw expressionError('EXPRESSION_SYNTAX', 'empty expression', this.text, 0, 1, 'write an expression such as Mean($close, 5)/$close');
    const e = this.comparison();
    const t = this.peek();
    if (t.kind !== 'end') {
      throw expressionError(
        'EXPRESSION_SYNTAX',
        `unexpected "${t.text}" after a complete expression`,
        this.text,
        t.pos,
        t.text.length || 1,
        'check for a missing operator or an extra parenthesis',
      );
    }
    return e.node;
  }

  private peek(): Token {
    return this.toks[this.i]!;
  }
  private next(): Token {
    return this.toks[this.i++]!;
  }
  private isOp(...ops: string[]): boolean {
    const t = this.peek();
    return t.kind === 'op' && ops.includes(t.text);
  }

  private infix(op: string, a: Parsed, b: Parsed): Parsed {
    return { node: this.pool.op(INFIX_OPERATORS[op]!, [a.node, b.node]), pos: a.pos, end: b.end };
  }

  private comparison(): Parsed {
    const left = this.bitOr();
    const t = this.peek();
    if (t.kind === 'op' && COMPARISONS.has(t.text)) {
      this.next();
      const right = this.bitOr();
      const u = this.peek();
      if (u.kind === 'op' && COMPARISONS.has(u.text)) {
        throw expressionError(
          'EXPRESSION_SYNTAX',
          'chained comparison',
          this.text,
          u.pos,
          u.text.length,
          'comparisons bind looser than & and |: parenthesise each one, e.g. ($x>1)&($y<2)',
        );
      }
      return this.infix(t.text, left, right);
    }
    return left;
  }

  private bitOr(): Parsed {
    let e = this.bitAnd();
    while (this.isOp('|')) {
      this.next();
      e = this.infix('|', e, this.bitAnd());
    }
    return e;
  }

  private bitAnd(): Parsed {
    let e = this.arith();
    while (this.isOp('&')) {
      this.next();
      e = this.infix('&', e, this.arith());
    }
    return e;
  }

  private arith(): Parsed {
    let e = this.term();
    while (this.isOp('+', '-')) {
      const op = this.next().text;
      e = this.infix(op, e, this.term());
    }
    return e;
  }

  private term(): Parsed {
    let e = this.unary();
    while (this.isOp('*', '/')) {
      const op = this.next().text;
      e = this.infix(op, e, this.unary());
    }
    return e;
  }

  private unary(): Parsed {
    if (this.isOp('-', '+')) {
      const t = this.next();
      const inner = this.unary();
      if (t.text === '+') return { ...inner, pos: t.pos };
      // -literal stays a literal (Python folds it too: Ref($close, -2)); -expr becomes Mul(-1, expr).
      if (inner.node.kind === 'const') return { node: this.pool.constant(-inner.node.value, inner.node.isInt), pos: t.pos, end: inner.end };
      return { node: this.pool.op('Mul', [this.pool.constant(-1), inner.node]), pos: t.pos, end: inner.end };
    }
    return this.power();
  }

  private power(): Parsed {
    const base = this.primary();
    if (this.isOp('**')) {
      this.next();
      // right-associative and binds tighter than a unary minus on its left, as in Python
      return this.infix('**', base, this.unary());
    }
    return base;
  }

  private primary(): Parsed {
    const t = this.next();
    switch (t.kind) {
      case 'number': {
        const isInt = !/[.eE]/.test(t.text);
        return { node: this.pool.constant(Number(t.text), isInt), pos: t.pos, end: t.pos + t.text.length };
      }
      case 'field':
        return { node: this.pool.field(t.text), pos: t.pos, end: t.pos + t.text.length + 1 };
      case 'string':
        return { node: this.pool.string(t.text), pos: t.pos, end: t.pos + t.text.length + 2 };
      case 'lparen': {
        const inner = this.comparison();
        const close = this.next();
        if (close.kind !== 'rparen') {
          throw expressionError(
            'EXPRESSION_SYNTAX',
            close.kind === 'end' ? 'missing ")"' : `expected ")" but found "${close.text}"`,
            this.text,
            close.pos,
            close.text.length || 1,
            `close the "(" opened at column ${t.pos + 1}`,
          );
        }
        return { node: inner.node, pos: t.pos, end: close.pos + 1 };
      }
      case 'ident':
        return this.call(t);
      case 'end':
        throw expressionError(
          'EXPRESSION_SYNTAX',
          'expression ends too early',
          this.text,
          t.pos,
          1,
          'an operand is missing after the last operator',
        );
      default:
        throw expressionError(
          'EXPRESSION_SYNTAX',
          `unexpected "${t.text}"`,
          this.text,
          t.pos,
          t.text.length || 1,
          'an operand ($field, number or Op(...)) was expected here',
        );
    }
  }

  private call(name: Token): Parsed {
    const operators = this.pool.operators;
    const spec = operators.find(name.text);
    if (this.peek().kind !== 'lparen') {
      throw expressionError(
        'EXPRESSION_SYNTAX',
        `bare name "${name.text}"`,
        this.text,
        name.pos,
        name.text.length,
        spec ? `call it: ${name.text}(...)` : `fields start with $: write $${name.text.toLowerCase()}`,
      );
    }
    if (!spec) {
      const best = operators.closest(name.text);
      throw expressionError(
        'EXPRESSION_UNKNOWN_OPERATOR',
        `unknown operator "${name.text}"`,
        this.text,
        name.pos,
        name.text.length,
        best === undefined ? 'no operator is registered' : `did you mean ${best}? Known operators: ${operators.names().join(', ')}`,
      );
    }
    this.next(); // (
    const args: Parsed[] = [];
    if (this.peek().kind !== 'rparen') {
      for (;;) {
        args.push(this.comparison());
        if (this.peek().kind === 'comma') {
          this.next();
          continue;
        }
        break;
      }
    }
    const close = this.next();
    if (close.kind !== 'rparen') {
      throw expressionError(
        'EXPRESSION_SYNTAX',
        close.kind === 'end' ? `missing ")" of ${spec.name}(` : `expected "," or ")" but found "${close.text}"`,
        this.text,
        close.pos,
        close.text.length || 1,
        `close the call opened at column ${name.pos + 1}`,
      );
    }
    const span = close.pos + 1 - name.pos;
    return { node: this.pool.op(spec.name, this.checkArgs(spec, args, name.pos, span)), pos: name.pos, end: close.pos + 1 };
  }

  private checkArgs(spec: OperatorSpec, args: Parsed[], pos: number, span: number): ExprNode[] {
    const signature = `${spec.name}(${spec.params.map((p) => p.name).join(', ')})`;
    if (args.length !== spec.params.length) {
      throw expressionError(
        'EXPRESSION_ARGUMENT',
        `${spec.name} takes ${spec.params.length} argument${spec.params.length === 1 ? '' : 's'}, got ${args.length}`,
        this.text,
        pos,
        span,
        `call it as ${signature}`,
      );
    }
    return args.map((a, k) => {
      const p = spec.params[k]!;
      const bad = (why: string, hint: string) =>
        expressionError('EXPRESSION_ARGUMENT', `${spec.name}: argument ${p.name} ${why}`, this.text, a.pos, a.end - a.pos, hint);
      if (p.kind === 'instrument') {
        if (a.node.kind !== 'string') throw bad('must be a quoted symbol', `e.g. ChangeInstrument('SH000300', $close)`);
        return a.node;
      }
      if (a.node.kind === 'string') throw bad('cannot be a string', `strings are only used as the symbol of ChangeInstrument / Mask`);
      if (p.kind === 'expr') return a.node;
      if (a.node.kind !== 'const') throw bad('must be a number literal', `${signature}: ${p.name} is a constant, not an expression`);
      if (p.kind === 'number') return a.node;
      return this.checkWindow(spec, a.node, bad);
    });
  }

  private checkWindow(spec: OperatorSpec, w: ConstNode, bad: (why: string, hint: string) => Error): ConstNode {
    const n = w.value;
    if (spec.family === 'ref') {
      if (!w.isInt) throw bad('must be an integer', 'Ref($close, 1) is yesterday, Ref($close, -1) tomorrow');
      return w;
    }
    if (!w.isInt) {
      if (spec.floatWindow && n > 0 && n < 1) return w;
      throw bad(
        `must be a non-negative integer (got ${w.key})`,
        spec.floatWindow ? 'use an integer span or an alpha in (0, 1)' : 'use an integer number of days, e.g. 5',
      );
    }
    if (n < 0) throw bad(`must be >= 0 (got ${n})`, 'use a positive number of days; 0 means expanding');
    if (n === 0 && (spec.family === 'pairRolling' || !spec.expanding))
      throw bad('cannot be 0', `${spec.name} has no expanding form in Qlib; use a positive window`);
    if (n !== 0 && spec.minWindow && n < spec.minWindow)
      throw bad(`must be >= ${spec.minWindow} (got ${n})`, `${spec.name} needs at least ${spec.minWindow} observations`);
    return w;
  }
}

/** Options of {@link parseExpression}. */
export interface ParseOptions {
  /** Operators the expression may call (default: Qlib's built-in ones). Ignored when `pool` is given. */
  operators?: OperatorRegistry;
  /** Pool to intern the nodes in (it carries its own operators); default: a fresh one. */
  pool?: ExprPool;
}

/**
 * Parses a Qlib expression string into a hash-consed node of a pool: the given `ExprPool`, `options.pool`,
 * or a fresh pool over `options.operators` (default: the built-in operators). Throws DataError
 * EXPRESSION_SYNTAX / EXPRESSION_UNKNOWN_OPERATOR / EXPRESSION_ARGUMENT with the column, a caret line and a
 * hint (the closest registered operator name for a misspelt one).
 *
 * @example
 * ```ts
 * parseExpression('Mean($close, 5)/$close').key; // 'Div(Mean($close,5),$close)'
 * parseExpression('Double($close)', { operators: myOperators }); // a custom operator
 * ```
 */
export function parseExpression(text: string, poolOrOptions: ExprPool | ParseOptions = {}): ExprNode {
  const pool = poolOrOptions instanceof ExprPool ? poolOrOptions : (poolOrOptions.pool ?? new ExprPool(poolOrOptions.operators));
  return new Parser(text, pool).parse();
}
