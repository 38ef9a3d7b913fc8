import { isPlainObject } from './deep-merge.js';

/**
 * Qlib's placeholders: a record's `model: <MODEL>` / `dataset: <DATASET>` and a strategy's
 * `signal: <PRED>` stand for objects that exist only at run time. The loader keeps them as these
 * exact strings; the runner fills them with {@link fillPlaceholders}.
 */
export const PLACEHOLDERS = { model: '<MODEL>', dataset: '<DATASET>', pred: '<PRED>' } as const;

/** One of `<MODEL>`, `<DATASET>`, `<PRED>`. */
export type Placeholder = (typeof PLACEHOLDERS)[keyof typeof PLACEHOLDERS];

const ALL = new Set<string>(Object.values(PLACEHOLDERS));

/** True when `v` is exactly a placeholder string. */
export function isPlaceholder(v: unknown): v is Placeholder {
  return typeof v === 'string' && ALL.has(v);
}

/** Where placeholders occur in a config, as `[path, placeholder]` pairs (paths like `task.record.0.kwargs.model`). */
export function findPlaceholders(value: unknown, path: readonly (string | number)[] = []): Array<[string, Placeholder]> {
  if (isPlaceholder(value)) return [[path.join('.'), value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => findPlaceholders(v, [...path, i]));
  if (isPlainObject(value)) return Object.entries(value).flatMap(([k, v]) => findPlaceholders(v, [...path, k]));
  return [];
}

/**
 * Qlib's `fill_placeholder`: a copy of `value` in which every string equal to a key of `values` is
 * replaced by that value. Replacements are inserted as they are (models and datasets are not cloned);
 * the input is not modified.
 */
export function fillPlaceholders<T>(value: T, values: Partial<Record<Placeholder, unknown>>): T {
  const walk = (v: unknown): unknown => {
    if (isPlaceholder(v) && v in values) return values[v];
    if (Array.isArray(v)) return v.map(walk);
    if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
