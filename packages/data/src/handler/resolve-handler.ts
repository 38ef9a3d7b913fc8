import { DataError } from '../errors.js';
import { alpha158 } from './alpha158.js';
import { alpha360 } from './alpha360.js';
import type { HandlerFields } from './handler-types.js';
import { loadYamlHandler } from './yaml-handler.js';

/** Built-in handler names. */
export const BUILTIN_HANDLERS = ['Alpha158', 'Alpha360'] as const;

/** `Alpha158` | `Alpha360` (case-insensitive) | a `.yaml` / `.yml` feature list path. */
export function resolveHandler(nameOrPath: string): HandlerFields {
  const key = nameOrPath.trim();
  if (key.toLowerCase() === 'alpha158') return alpha158();
  if (key.toLowerCase() === 'alpha360') return alpha360();
  if (/\.ya?ml$/i.test(key)) return loadYamlHandler(key);
  throw new DataError('HANDLER_INVALID', `unknown handler "${nameOrPath}"`, {
    hint: `use ${BUILTIN_HANDLERS.join(' or ')}, or the path of a .yaml file listing {name, expr} features`,
  });
}

/** Features then labels, the column order computeFeatures gets. */
export function handlerColumns(h: HandlerFields): Array<{ name: string; expr: string }> {
  return [...h.features, ...h.labels];
}
