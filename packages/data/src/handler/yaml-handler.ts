import { existsSync, readFileSync } from 'node:fs';
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import { DataError, formatIssues, inputIssues } from '../errors.js';
import type { OperatorRegistry } from '../expr/operator-registry.js';
import { parseExpression } from '../expr/parser.js';
import { DEFAULT_LABEL, type HandlerFields } from './handler-types.js';

const FieldListSchema = z.union([
  z.array(z.strictObject({ name: z.string().min(1).describe('column name'), expr: z.string().min(1).describe('Qlib expression') })),
  z.record(z.string().min(1), z.string().min(1)).describe('NAME: expression, in order'),
]);

/** A user feature file: `features` (required) and `labels` (default: Qlib's LABEL0). */
export const YamlHandlerSchema = z
  .strictObject({
    features: FieldListSchema.describe('list of {name, expr}, or a NAME: expr mapping'),
    labels: FieldListSchema.optional().describe(`same forms; default [{name: LABEL0, expr: "${DEFAULT_LABEL.expr}"}]`),
  })
  .describe('YAML handler');

const toList = (v: z.infer<typeof FieldListSchema>) => (Array.isArray(v) ? v : Object.entries(v).map(([name, expr]) => ({ name, expr })));

/** Options of {@link loadYamlHandler}. */
export interface LoadYamlHandlerOptions {
  /** Operators the expressions may call (default: Qlib's built-in ones). */
  operators?: OperatorRegistry;
}

/**
 * Loads a user YAML feature list from a path or from YAML text. Every expression is parsed here, so a
 * typo fails at load time with the YAML line and the column inside the expression.
 *
 * ```yaml
 * features:
 *   - { name: MA5, expr: "Mean($close, 5)/$close" }
 * labels:
 *   - { name: LABEL0, expr: "Ref($close, -2)/Ref($close, -1) - 1" }
 * ```
 *
 * @example
 * ```ts
 * const h = loadYamlHandler('features:\n  MA5: Mean($close, 5)/$close\n');
 * h.labels[0]!.name; // 'LABEL0'
 * loadYamlHandler('./mine.yaml', { operators: myOperators }); // expressions may call custom operators
 * ```
 */
export function loadYamlHandler(pathOrText: string, options: LoadYamlHandlerOptions = {}): HandlerFields {
  const isPath = !pathOrText.includes('\n') && /\.ya?ml$/i.test(pathOrText.trim());
  const source = isPath ? pathOrText.trim() : '<yaml>';
  if (isPath && !existsSync(source)) {
    throw new DataError('HANDLER_INVALID', `handler file ${source} does not exist`, {
      hint: 'pass Alpha158, Alpha360 or the path of a .yaml feature list',
    });
  }
  const text = isPath ? readFileSync(source, 'utf8') : pathOrText;
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw new DataError('HANDLER_INVALID', `${source}:${e.linePos?.[0].line ?? '?'}: invalid YAML: ${e.message.split('\n')[0]}`, {
      hint: 'fix the YAML syntax',
    });
  }
  const parsed = YamlHandlerSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = inputIssues(parsed.error.issues)[0]!;
    const line = lineOf(doc.contents, [...issue.path], lines);
    throw new DataError('HANDLER_INVALID', `${source}${line ? `:${line}` : ''}: ${formatIssues([issue])}`, {
      hint: 'write features: as a list of {name, expr} (or NAME: expr), labels: likewise (optional)',
    });
  }
  const out: HandlerFields = {
    features: toList(parsed.data.features),
    labels: parsed.data.labels ? toList(parsed.data.labels) : [{ ...DEFAULT_LABEL }],
  };
  for (const group of ['features', 'labels'] as const) {
    out[group].forEach((f, k) => {
      try {
        parseExpression(f.expr, { operators: options.operators });
      } catch (e) {
        if (!(e instanceof DataError)) throw e;
        const key = Array.isArray(parsed.data[group]) ? [group, k, 'expr'] : [group, f.name];
        const line = lineOf(doc.contents, key, lines);
        throw new DataError(e.code, `${source}${line ? `:${line}` : ''}: ${group} ${f.name}: ${e.message}`, {
          hint: e.hint,
          details: { ...e.details, line },
        });
      }
    });
  }
  return out;
}

/** 1-based line of the YAML node at `path` (the deepest one found). */
function lineOf(root: unknown, path: Array<string | number>, lines: LineCounter): number | undefined {
  let node = root as YamlNode | null | undefined;
  let line: number | undefined;
  for (const key of path) {
    if (!node) break;
    if (node.range) line = lines.linePos(node.range[0]).line;
    if (isMap(node)) node = node.get(key, true) as YamlNode | undefined;
    else if (isSeq(node) && typeof key === 'number') node = node.get(key, true) as YamlNode | undefined;
    else break;
  }
  if (node?.range) line = lines.linePos(node.range[0]).line;
  return line;
}
