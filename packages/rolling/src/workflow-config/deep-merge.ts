/** The value that deletes a key of the base config during a merge (Qlib's `S_DROP`). */
export const DROP = '__DROP__';

/**
 * Qlib's `update_config(base, ext)`: `ext` is merged into a copy of `base`. Two objects merge key by
 * key, recursively; anything else in `ext` replaces the base value; `"__DROP__"` removes the key.
 */
export function mergeConfig(base: Record<string, unknown>, ext: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(base);
  for (const [key, value] of Object.entries(ext)) {
    if (value === DROP) {
      delete out[key];
    } else if (isPlainObject(out[key]) && isPlainObject(value)) {
      out[key] = mergeConfig(out[key], value);
    } else {
      out[key] = structuredClone(value);
    }
  }
  return out;
}

/**
 * True for a plain `{...}` object: a literal or `Object.create(null)`, not an array, a `Date`, a `Map` or a
 * class instance (a model or dataset a config holds is a value, never something to merge or walk into).
 */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
