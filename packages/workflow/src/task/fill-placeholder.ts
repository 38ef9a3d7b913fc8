/**
 * Qlib's `fill_placeholder`: replace `<MODEL>`, `<DATASET>`, … markers in a task, and resolve any other
 * `<a.b.0>` string as a dotted path into the task itself. Unlike Qlib, which edits the caller's dict in place
 * (so a task reused for a second run silently carries the first run's model), this returns a copy and never
 * touches its input.
 */

/** A marker such as `<MODEL>`: angle brackets around a name without brackets (Qlib's `<[^<>]+>`). */
const PLACEHOLDER = /^<([^<>]+)>$/;

/** True when `value` is a string shaped like a placeholder. */
export function isPlaceholder(value: unknown): value is string {
  return typeof value === 'string' && PLACEHOLDER.test(value);
}

/**
 * Looks up a dotted path (`dataset.kwargs.segments.test.0`) in a config: object keys, or digits for list
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

/**
 * Returns a copy of `config` in which every string equal to a key of `values` is replaced by its value, and
 * every other `<path>` string that resolves as a dotted path into `config` is replaced by what it points at.
 * Unresolvable markers (e.g. `<PRED>` before a SignalRecord ran) are kept as they are, as in Qlib.
 * Only plain objects and arrays are traversed; replacement values (models, datasets) are inserted as they are,
 * not copied.
 */
export function fillPlaceholders<T>(config: T, values: Readonly<Record<string, unknown>>): T {
  const fill = (node: unknown): unknown => {
    if (typeof node === 'string') {
      if (Object.hasOwn(values, node)) return values[node];
      const m = PLACEHOLDER.exec(node);
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

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
