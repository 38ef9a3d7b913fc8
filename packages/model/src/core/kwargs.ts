import { formatIssuePath, type InputIssue, parseOrThrow } from '@rollq/data';
import type { z } from '@rollq/data/zod';
import { ModelError } from '../errors.js';

/**
 * Parses a model's kwargs with its strict zod schema. An unknown key (usually a typo) or a bad value
 * becomes a `CONFIG_INVALID` error that names the key and lists the valid ones, so a workflow YAML
 * mistake is caught before any training starts. `listed` replaces the list of valid kwargs in the hint
 * (for schemas with hundreds of names, such as LightGBM's parameters and aliases).
 */
export function parseKwargs<S extends z.ZodObject>(className: string, schema: S, kwargs: unknown, listed?: string): z.output<S> {
  const valid = Object.keys(schema.shape).sort();
  const problem = (i: InputIssue) =>
    i.kind === 'unknown_field'
      ? `unknown kwarg "${formatIssuePath(i.path)}"${suggest(String(i.path[i.path.length - 1]), valid)}`
      : `kwarg "${i.path.length ? formatIssuePath(i.path) : '(kwargs)'}": ${i.message}`;
  return parseOrThrow(schema, kwargs ?? {}, {
    errorClass: ModelError,
    code: 'CONFIG_INVALID',
    what: `${className} kwargs`,
    hint: `valid kwargs of ${className}: ${listed ?? valid.join(', ')}`,
    details: { className, valid },
    message: (issues) => `${className}: ${issues.map(problem).join('; ')}`,
  });
}

/** " (did you mean X?)" for the closest valid key within edit distance 2, else "". */
function suggest(key: string, valid: string[]): string {
  let best = '';
  let bestD = 3;
  for (const v of valid) {
    const d = editDistance(key.toLowerCase(), v.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = v;
    }
  }
  return best ? ` (did you mean "${best}"?)` : '';
}

function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}
