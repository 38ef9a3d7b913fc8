/**
 * Qlib writes kwargs in snake_case (`n_drop`, `exchange_kwargs.open_cost`); the rollq packages take
 * camelCase options. This renames keys (recursively through plain objects) so a Qlib YAML works
 * unchanged, while the target package's strict zod schema still rejects a misspelt key by name.
 */
export function camelCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelCaseKeys);
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())] = camelCaseKeys(v);
  return out;
}
