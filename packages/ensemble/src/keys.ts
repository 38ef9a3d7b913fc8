/**
 * Qlib keys collected predictions by tuples (`(model, rolling_segment)`); collectors here return
 * plain records, so a tuple key is encoded as the JSON array of its parts (`["LGB","2020-01-02"]`):
 * unambiguous, readable when printed, and any other string is a one-part (non-tuple) key.
 */
export function tupleKey(...parts: readonly string[]): string {
  return JSON.stringify(parts);
}

/** The parts of a tuple key, or `null` when `key` is a plain (non-tuple) string. */
export function splitKey(key: string): string[] | null {
  if (!key.startsWith('[')) return null;
  try {
    const v: unknown = JSON.parse(key);
    return Array.isArray(v) && v.every((p) => typeof p === 'string') ? (v as string[]) : null;
  } catch {
    return null;
  }
}

/** The parts of a key: a tuple key's parts, or `[key]` for a plain string. */
export function keyParts(key: string): string[] {
  return splitKey(key) ?? [key];
}
