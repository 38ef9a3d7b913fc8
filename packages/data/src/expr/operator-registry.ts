import { DataError } from '../errors.js';
import { type RegisterOptions, Registry } from '../registry/registry.js';
import type { OperatorSpec } from './operator-spec.js';
import { BUILTIN_OPERATORS } from './operators.js';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Expression operators by name (case-sensitive, as Qlib registers class names): the parser checks calls
 * against it and the evaluator runs each spec's kernel, so an operator added here (Qlib's `custom_ops`,
 * arquero's `addFunction`) works everywhere an expression does. Start from
 * {@link defaultOperatorRegistry} to keep Qlib's operators.
 *
 * @example
 * ```ts
 * const ops = defaultOperatorRegistry().add({
 *   name: 'Double',
 *   family: 'elem',
 *   params: [{ name: 'feature', kind: 'expr' }],
 *   kernel: ({ inputs: [x] }) => x!.map((v) => 2 * v),
 * });
 * computeFeatures(provider, { fields: [{ name: 'D', expr: 'Double($close)' }], instruments: 'all', operators: ops });
 * ```
 */
export class OperatorRegistry extends Registry<OperatorSpec> {
  constructor(specs: Iterable<OperatorSpec> = []) {
    super({ kind: 'operator', unknownCode: 'EXPRESSION_UNKNOWN_OPERATOR' });
    for (const spec of specs) this.add(spec);
  }

  /**
   * Registers `spec` under its own name. Throws DataError `REGISTRY_DUPLICATE` for a name already
   * registered (unless `{override: true}`) and `CONFIG_INVALID` for a malformed spec.
   *
   * @example
   * ```ts
   * ops.add(clipSpec).add(doubleSpec);
   * ops.add({ ...meanSpec, name: 'Mean' }, { override: true }); // replaces the built-in Mean
   * ```
   */
  add(spec: OperatorSpec, options: RegisterOptions = {}): this {
    return this.register(spec.name, spec, options);
  }

  /**
   * Registers `spec` under `name`, which must be the spec's own name (expressions build nodes by it).
   *
   * @example
   * ```ts
   * ops.register('Double', doubleSpec);
   * ```
   */
  override register(name: string, spec: OperatorSpec, options: RegisterOptions = {}): this {
    const bad = (problem: string, hint: string) => new DataError('CONFIG_INVALID', `operator "${name}": ${problem}`, { hint });
    if (spec.name !== name) throw bad(`is registered under another name than its spec's ("${spec.name}")`, 'use add(spec)');
    if (!IDENT.test(name)) throw bad('is not a valid name', 'an operator name is a letter or _ followed by letters, digits or _');
    if ((typeof spec.kernel === 'function') === (typeof spec.evaluate === 'function')) {
      throw bad('needs exactly one of kernel and evaluate', 'give a kernel({ n, inputs, args, … }) returning a Float64Array of length n');
    }
    if (spec.params.filter((p) => p.kind === 'window').length > 1) throw bad('has more than one window parameter', 'keep one window');
    return super.register(name, spec, options);
  }
}

let builtin: OperatorRegistry | undefined;

/**
 * The built-in operators, created once and shared as the default of parsers and pools. Never handed out:
 * callers that want to add operators get a copy from {@link defaultOperatorRegistry}.
 */
export function builtinOperators(): OperatorRegistry {
  builtin ??= new OperatorRegistry(BUILTIN_OPERATORS);
  return builtin;
}

/**
 * A fresh registry holding all of Qlib's built-in operators (Abs … Mask), to add your own to.
 *
 * @example
 * ```ts
 * const ops = defaultOperatorRegistry();
 * ops.names().length; // 40
 * ops.add(doubleSpec); // does not affect anyone else's registry
 * ```
 */
export function defaultOperatorRegistry(): OperatorRegistry {
  return builtinOperators().clone();
}
