import { keyParts, tupleKey } from './keys.js';

/**
 * Qlib's `flatten_dict(d, sep=FLATTEN_TUPLE)`: nested records become one level whose keys are tuple
 * keys of the path (`{a: {b: x}}` -> `{'["a","b"]': x}`). `isLeaf` tells values from nested records.
 */
export function flattenRecord<T>(
  d: Record<string, unknown>,
  isLeaf: (v: unknown) => v is T,
  prefix: readonly string[] = [],
): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of Object.entries(d)) {
    const path = [...prefix, ...keyParts(k)];
    if (isLeaf(v)) out[path.length === 1 ? path[0]! : tupleKey(...path)] = v;
    else if (typeof v === 'object' && v !== null) Object.assign(out, flattenRecord(v as Record<string, unknown>, isLeaf, path));
  }
  return out;
}
