import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DataError, isRollqError } from '../errors.js';
import { type ExprNode, ExprPool } from '../expr/ast.js';
import type { OperatorRegistry } from '../expr/operator-registry.js';
import { parseExpression } from '../expr/parser.js';

/** One output column: its name and the Qlib expression that computes it. */
export const FieldSpecSchema = z
  .strictObject({
    name: z.string().min(1).describe('column name, e.g. MA5'),
    expr: z.string().min(1).describe('Qlib expression, e.g. Mean($close, 5)/$close'),
  })
  .describe('a named expression');

/** A named expression. */
export type FieldSpec = z.infer<typeof FieldSpecSchema>;

/**
 * Parsed fields sharing one hash-consed pool, so an evaluator computes each distinct sub-expression once
 * per instrument. `hash` identifies the set (names + canonical expressions) for caches.
 */
export interface CompiledFields {
  readonly pool: ExprPool;
  readonly names: readonly string[];
  readonly nodes: readonly ExprNode[];
  readonly hash: string;
}

/** Options of {@link compileFields}. */
export interface CompileFieldsOptions {
  /** Operators the expressions may call (default: Qlib's built-in ones). */
  operators?: OperatorRegistry;
}

/**
 * Parses and validates a list of fields; a bad expression's error names the field. Duplicate names are rejected.
 *
 * @example
 * ```ts
 * const compiled = compileFields([{ name: 'MA5', expr: 'Mean($close, 5)/$close' }]);
 * compiled.nodes[0]!.window; // [4, 0]
 * ```
 */
export function compileFields(fields: readonly FieldSpec[], options: CompileFieldsOptions = {}): CompiledFields {
  const pool = new ExprPool(options.operators);
  const seen = new Set<string>();
  const nodes = fields.map((f) => {
    if (seen.has(f.name)) {
      throw new DataError('HANDLER_INVALID', `field name "${f.name}" is used twice`, {
        hint: 'give every feature and label a distinct name',
      });
    }
    seen.add(f.name);
    try {
      return parseExpression(f.expr, pool);
    } catch (e) {
      if (isRollqError(e) && e instanceof DataError) {
        throw new DataError(e.code, `field ${f.name}: ${e.message}`, { hint: e.hint, details: { ...e.details, field: f.name }, cause: e });
      }
      throw e;
    }
  });
  const hash = createHash('sha256')
    .update(JSON.stringify(nodes.map((n, i) => [fields[i]!.name, n.key])))
    .digest('hex')
    .slice(0, 16);
  return { pool, names: fields.map((f) => f.name), nodes, hash };
}

/** Largest (left, right) lookback over the nodes, optionally only path-(in)dependent ones. */
export function maxWindow(nodes: readonly ExprNode[], pathDependent?: boolean): [number, number] {
  let l = 0;
  let r = 0;
  for (const n of nodes) {
    if (pathDependent !== undefined && n.pathDependent !== pathDependent) continue;
    l = Math.max(l, n.window[0]);
    r = Math.max(r, n.window[1]);
  }
  return [l, r];
}

/** Distinct stored field names the nodes read (for row indexes). */
export function leafFields(nodes: readonly ExprNode[]): string[] {
  const out = new Set<string>();
  const seen = new Set<number>();
  const walk = (n: ExprNode) => {
    if (seen.has(n.id)) return;
    seen.add(n.id);
    if (n.kind === 'field') out.add(n.name);
    // another instrument's fields do not define this instrument's rows
    else if (n.kind === 'op' && n.spec.family !== 'changeInstrument') n.args.forEach(walk);
  };
  nodes.forEach(walk);
  return [...out];
}
