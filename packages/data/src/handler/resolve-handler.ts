import type { OperatorRegistry } from '../expr/operator-registry.js';
import { builtinHandlers, type HandlerRegistry } from './handler-registry.js';
import type { HandlerFields } from './handler-types.js';
import { loadYamlHandler } from './yaml-handler.js';

export { BUILTIN_HANDLERS } from './handler-registry.js';

/** Options of {@link resolveHandler}. */
export interface ResolveHandlerOptions {
  /** Operators a YAML handler's expressions may call (default: Qlib's built-in ones). */
  operators?: OperatorRegistry;
}

/**
 * A handler's fields by name (case-insensitive) from `registry` (default: Alpha158 and Alpha360), or the
 * `.yaml` / `.yml` feature list at a path. Throws HANDLER_INVALID naming the registered handlers otherwise.
 *
 * @example
 * ```ts
 * resolveHandler('Alpha158').features.length; // 158
 * resolveHandler('./my-features.yaml');
 * resolveHandler('momentum', defaultHandlerRegistry().register('Momentum', momentum));
 * ```
 */
export function resolveHandler(
  nameOrPath: string,
  registry: HandlerRegistry = builtinHandlers(),
  options: ResolveHandlerOptions = {},
): HandlerFields {
  const key = nameOrPath.trim();
  const make = registry.find(key);
  if (make) return make();
  if (/\.ya?ml$/i.test(key)) return loadYamlHandler(key, { operators: options.operators });
  throw registry.unknownError(nameOrPath);
}

/**
 * Features then labels, the column order computeFeatures gets.
 *
 * @example
 * ```ts
 * computeFeatures(provider, { fields: handlerColumns(alpha158()), instruments: 'csi300' });
 * ```
 */
export function handlerColumns(h: HandlerFields): Array<{ name: string; expr: string }> {
  return [...h.features, ...h.labels];
}
