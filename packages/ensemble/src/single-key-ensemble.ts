/**
 * Qlib's `SingleKeyEnsemble`: a record with exactly one key is replaced by its value (recursively,
 * inner records first, unless `recursion` is false). `{a: {b: 1}}` gives `1`; `{a: 1, b: {c: 2}}` gives `{a: 1, b: 2}`.
 */
export function singleKeyEnsemble(value: unknown, recursion = true): unknown {
  if (!isRecord(value)) return value;
  let d: Record<string, unknown> = value;
  if (recursion) d = Object.fromEntries(Object.entries(d).map(([k, v]) => [k, singleKeyEnsemble(v, true)]));
  const keys = Object.keys(d);
  return keys.length === 1 ? d[keys[0]!] : d;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}
