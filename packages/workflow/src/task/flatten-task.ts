/**
 * Qlib's `flatten_dict` as `_log_task_info` uses it: nested keys joined with dots
 * (`dataset.kwargs.segments.test`), lists NOT flattened, every value stored as a string (MLflow params are
 * strings). Lists and scalars are written as JSON so they can be read back unambiguously.
 */
export function flattenTask(task: unknown, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (node: unknown, key: string): void => {
    if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
      const entries = Object.entries(node as Record<string, unknown>);
      if (entries.length === 0 && key) out[key] = '{}';
      for (const [k, v] of entries) walk(v, key ? `${key}.${k}` : k);
      return;
    }
    out[key] = typeof node === 'string' ? node : JSON.stringify(node ?? null);
  };
  walk(task, prefix);
  return out;
}
