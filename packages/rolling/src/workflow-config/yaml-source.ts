import { existsSync, readFileSync, statSync } from 'node:fs';
import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument } from 'yaml';
import { RollingError } from '../errors.js';
import { isPlainObject } from './deep-merge.js';
import { substituteEnv } from './env-substitution.js';

/** A parsed workflow file: its YAML document (for positions) and its plain value. */
export interface YamlSource {
  readonly file: string;
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
  readonly value: Record<string, unknown>;
}

/** A `file:line:col` position. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/**
 * Reads one YAML file: environment substitution, then parsing with anchors and `<<` merge keys.
 * Syntax errors (and duplicate keys) become `CONFIG_INVALID` with `file:line:col`.
 */
export function readYamlSource(file: string, env: Readonly<Record<string, string | undefined>>): YamlSource {
  if (!existsSync(file)) {
    throw new RollingError('CONFIG_NOT_FOUND', `workflow file ${file} does not exist`, {
      hint: 'check the path (relative paths are taken from the current directory)',
      details: { file },
    });
  }
  if (statSync(file).isDirectory()) {
    throw new RollingError('CONFIG_INVALID', `workflow file ${file} is a folder`, {
      hint: 'pass the workflow YAML file itself, e.g. examples/workflow_config_gbdt_Alpha158_us.yaml',
      details: { file },
    });
  }
  const text = substituteEnv(readFileSync(file, 'utf8'), file, env);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => {
      const p = e.linePos?.[0];
      return `${file}:${p?.line ?? 1}:${p?.col ?? 1}: ${e.message.split('\n')[0]}`;
    });
    throw new RollingError('CONFIG_INVALID', `workflow file is not valid YAML:\n  ${lines.join('\n  ')}`, {
      hint: 'fix the YAML syntax at the position shown (indentation, a missing colon, a duplicate key)',
      details: { file },
    });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 10_000 });
  } catch (e) {
    // an alias whose anchor is not set before it (yaml's ReferenceError), or an alias bomb
    const message = e instanceof Error ? e.message : String(e);
    const alias = /alias.*?: (\S+)$/.exec(message)?.[1];
    throw new RollingError('CONFIG_INVALID', `${file}: ${alias ? `unresolved alias *${alias}: ` : ''}${message}`, {
      hint: alias
        ? `define the anchor &${alias} before its first use *${alias} (anchors are per file), or write the value out`
        : 'fix the anchors and aliases (&name / *name) of the file',
      details: { file },
      cause: e,
    });
  }
  if (!isPlainObject(value)) {
    throw new RollingError(
      'CONFIG_INVALID',
      `${file}:1:1: a workflow file must be a YAML mapping (qlib_init:, task:, …), got ${value === null ? 'an empty document' : typeof value}`,
      {
        hint: 'start from a Qlib workflow_config_*.yaml',
        details: { file },
      },
    );
  }
  return { file, doc, lineCounter, value };
}

/**
 * Finds the node at `path` in a source, following aliases to their anchors. Returns how many path
 * elements matched and the deepest node reached, so a missing key can be reported at its parent.
 */
export function locateInSource(src: YamlSource, path: readonly PropertyKey[], atKey = false): { depth: number; pos: SourcePosition } {
  let node: Node | null | undefined = src.doc.contents as Node | null;
  let depth = 0;
  let offset = node?.range?.[0] ?? 0;
  for (const key of path) {
    if (isAlias(node)) node = node.resolve(src.doc) as Node | undefined;
    let next: Node | undefined;
    let keyOffset: number | undefined;
    if (isMap(node)) {
      const pair: Pair<unknown, unknown> | undefined = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
      if (pair) {
        next = (pair.value as Node | null) ?? undefined;
        keyOffset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      }
    } else if (isSeq(node) && typeof key === 'number') {
      next = node.items[key] as Node | undefined;
    }
    if (next === undefined && keyOffset === undefined) break;
    depth++;
    const isLast = depth === path.length;
    offset = (isLast && atKey && keyOffset !== undefined ? keyOffset : next?.range?.[0]) ?? keyOffset ?? offset;
    node = next;
  }
  const { line, col } = src.lineCounter.linePos(offset);
  return { depth, pos: { file: src.file, line, col } };
}

/** The position to report for `path`: the source (main file first, then its bases) that holds most of it. */
export function locatePath(sources: readonly YamlSource[], path: readonly PropertyKey[], atKey = false): SourcePosition {
  let best = locateInSource(sources[0]!, path, atKey);
  for (const src of sources.slice(1)) {
    const r = locateInSource(src, path, atKey);
    if (r.depth > best.depth) best = r;
  }
  return best.pos;
}
