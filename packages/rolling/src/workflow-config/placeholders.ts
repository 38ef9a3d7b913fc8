import { isPlainObject } from './deep-merge.js';

/**
 * Qlib's placeholders: a record's `model: <MODEL>` / `dataset: <DATASET>` and a strategy's
 * `signal: <PRED>` stand for objects that exist only at run time, and any other `<a.b.0>` string points
 * into the task itself. The loader keeps them as these exact strings; the task runner
 * (`@rollq/workflow`'s taskTrain) fills them with {@link fillPlaceholders}. The one implementation lives
 * here, with the config it is part of, so the loader, the runner and their tests agree on what a marker is.
 */
export const PLACEHOLDERS = { model: '<MODEL>', dataset: '<DATASET>', pred: '<PRED>' } as const;

/** One of `<MODEL>`, `<DATASET>`, `<PRED>`. */
export type Placeholder = (typeof PLACEHOLDERS)[keyof typeof PLACEHOLDERS];

/** A marker such as `<MODEL>`: angle brackets around a name without brackets (Qlib's `<[^<>]+>`). */
const MARKER = /^<([^<>]+)>$/;

/** True when `value` is a string shaped like a placeholder (`<MODEL>`, `<dataset.kwargs.segments.test.1>`). */
export function isPlaceholder(value: unknown): value is string {
  return typeof value === 'string' && MARKER.test(value);
}

/**
 * Looks up a dotted path (`dataset.kwargs.segments.test.0`) in a config: own object keys, or digits for list
 * indices. Returns `undefined` when any step is missing, as Qlib's `get_item_from_obj` raising KeyError.
 */
export function getByDottedPath(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const part of path.split('.')) {
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(part)) return undefined;
      cur = cur[Number(part)];
    } else if (cur !== null && typeof cur === 'object' && Object.hasOwn(cur, part)) {
      cur = (cur as Record<string, unknown>)[part];
    } else {
      return undefined;
    }
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Where placeholders occur in a config, as `[path, placeholder]` pairs (paths like `task.record.0.kwargs.model`). */
export function findPlaceholders(value: unknown, path: readonly (string | number)[] = []): Array<[string, string]> {
  if (isPlaceholder(value)) return [[path.join('.'), value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => findPlaceholders(v, [...path, i]));
  if (isPlainObject(value)) return Object.entries(value).flatMap(([k, v]) => findPlaceholders(v, [...path, k]));
  return [];
}

/**
 * Qlib's `fill_placeholder`: returns a copy of `config` in which every string equal to a key of `values` is
 * replaced by its value, and every other `<path>` string that resolves as a dotted path into `config` is
 * replaced by what it points at. Unresolvable markers (e.g. `<PRED>` before a SignalRecord ran) are kept as
 * they are, as in Qlib. Only plain objects and arrays are traversed; replacement values (models, datasets)
 * are inserted as they are, not copied. Unlike Qlib, which edits the caller's dict in place (so a task reused
 * for a second run silently carries the first run's model), the input is never modified.
 */
export function fillPlaceholders<T>(config: T, values: Readonly<Record<string, unknown>>): T {
  const fill = (node: unknown): unknown => {
    if (typeof node === 'string') {
      if (Object.hasOwn(values, node)) return values[node];
      const m = MARKER.exec(node);
      if (m) {
        // paths resolve against the ORIGINAL config, as Qlib's look-up does on the task being filled
        const found = getByDottedPath(config, m[1]!);
        return found === undefined ? node : found;
      }
      return node;
    }
    if (Array.isArray(node)) return node.map(fill);
    if (isPlainObject(node)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) out[k] = fill(v);
      return out;
    }
    return node;
  };
  return fill(config) as T;
}
