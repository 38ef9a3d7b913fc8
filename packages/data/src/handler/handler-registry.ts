import { DataError } from '../errors.js';
import { Registry } from '../registry/registry.js';
import { alpha158 } from './alpha158.js';
import { alpha360 } from './alpha360.js';
import type { HandlerFields } from './handler-types.js';

/** Builds a handler's feature and label lists (a fresh copy per call). */
export type HandlerFactory = () => HandlerFields;

/** Built-in handler names. */
export const BUILTIN_HANDLERS = ['Alpha158', 'Alpha360'] as const;

/**
 * Handler feature sets by name (case-insensitive, as Qlib YAML writes `Alpha158` or `alpha158`): what
 * `resolveHandler` and `createDataset` look a handler class up in. Start from
 * {@link defaultHandlerRegistry} to keep Alpha158 and Alpha360.
 *
 * @example
 * ```ts
 * const handlers = defaultHandlerRegistry().register('Momentum', () => ({
 *   features: [{ name: 'MOM20', expr: '$close/Ref($close, 20) - 1' }],
 *   labels: [{ ...DEFAULT_LABEL }],
 * }));
 * resolveHandler('momentum', handlers).features[0]!.name; // 'MOM20'
 * ```
 */
export class HandlerRegistry extends Registry<HandlerFactory> {
  constructor(entries: Iterable<readonly [string, HandlerFactory]> = []) {
    super({ kind: 'handler', caseInsensitive: true, unknownCode: 'HANDLER_INVALID' });
    for (const [name, make] of entries) this.register(name, make);
  }

  /**
   * `HANDLER_INVALID` naming the registered handlers and the YAML alternative.
   *
   * @example
   * ```ts
   * throw defaultHandlerRegistry().unknownError('Alpha999'); // unknown handler "Alpha999"
   * ```
   */
  override unknownError(name: string): Error {
    return new DataError('HANDLER_INVALID', `unknown handler "${name}"`, {
      hint: `use ${this.names().join(' or ')}, or the path of a .yaml file listing {name, expr} features`,
    });
  }
}

let builtin: HandlerRegistry | undefined;

/** The built-in handlers, created once as the default of `resolveHandler`; never handed out. */
export function builtinHandlers(): HandlerRegistry {
  builtin ??= new HandlerRegistry([
    ['Alpha158', alpha158],
    ['Alpha360', alpha360],
  ]);
  return builtin;
}

/**
 * A fresh registry holding the built-in handlers, Alpha158 and Alpha360, to add your own to.
 *
 * @example
 * ```ts
 * const handlers = defaultHandlerRegistry();
 * handlers.names(); // ['Alpha158', 'Alpha360']
 * handlers.get('ALPHA360')().features.length; // 360
 * ```
 */
export function defaultHandlerRegistry(): HandlerRegistry {
  return builtinHandlers().clone();
}
