import { DataError, type DataErrorCode } from '../errors.js';
import { closestName } from '../expr/expression-error.js';

/** How a {@link Registry} names its items in messages and compares names. */
export interface RegistryOptions {
  /** What the items are, for messages: `operator`, `handler`, `processor class`. */
  readonly kind: string;
  /** Match names ignoring case (handlers); names are kept as registered for listing. Default false. */
  readonly caseInsensitive?: boolean;
  /** Code of the error {@link Registry.get} throws for an unknown name. Default `CONFIG_INVALID`. */
  readonly unknownCode?: DataErrorCode;
}

/** Options of {@link Registry.register}. */
export interface RegisterOptions {
  /** Replace an item already registered under the same name instead of throwing. Default false. */
  readonly override?: boolean;
}

/**
 * Named items (operators, handlers, processor classes, …) held by a value, not a module global: callers
 * pass the registry they want, and copy the defaults with {@link Registry.clone} to add their own.
 * Names keep their registration order; registering a name twice throws unless `{override: true}`.
 *
 * @example
 * ```ts
 * const colors = new Registry<number>({ kind: 'color' });
 * colors.register('red', 0xff0000).register('green', 0x00ff00);
 * colors.get('red'); // 0xff0000
 * colors.get('gren'); // throws: unknown color "gren" (hint: did you mean "green"? …)
 * const mine = colors.clone().register('blue', 0x0000ff); // colors is unchanged
 * ```
 */
export class Registry<T> {
  /** Entries by lookup key (the name, lower-cased when case-insensitive), in registration order. */
  private items = new Map<string, { readonly name: string; readonly item: T }>();

  constructor(
    readonly options: RegistryOptions,
    entries: Iterable<readonly [string, T]> = [],
  ) {
    for (const [name, item] of entries) this.register(name, item);
  }

  private keyOf(name: string): string {
    return this.options.caseInsensitive ? name.toLowerCase() : name;
  }

  /**
   * Adds `item` under `name`; returns the registry for chaining. Throws DataError `REGISTRY_DUPLICATE`
   * when the name is taken, unless `{override: true}`.
   *
   * @example
   * ```ts
   * reg.register('Double', spec);
   * reg.register('Double', better, { override: true }); // replaces it
   * ```
   */
  register(name: string, item: T, options: RegisterOptions = {}): this {
    const key = this.keyOf(name);
    const found = this.items.get(key);
    if (found && !options.override) {
      throw new DataError(
        'REGISTRY_DUPLICATE',
        `${this.options.kind} "${name}" is already registered; pass {override: true} to replace it`,
        {
          hint: `choose another name, or call register("${name}", …, { override: true })`,
          details: { kind: this.options.kind, name: found.name },
        },
      );
    }
    // an override keeps the original slot, so listings and suggestions keep their order
    if (found) this.items.set(key, { name: found.name, item });
    else this.items.set(key, { name, item });
    return this;
  }

  /**
   * The item under `name`, or `undefined`.
   *
   * @example
   * ```ts
   * const spec = operators.find('Mean'); // OperatorSpec | undefined
   * ```
   */
  find(name: string): T | undefined {
    return this.items.get(this.keyOf(name))?.item;
  }

  /**
   * The item under `name`; throws {@link Registry.unknownError} (which names the closest match and the
   * registered names) otherwise.
   *
   * @example
   * ```ts
   * const alpha = handlers.get('alpha158'); // case-insensitive for handlers
   * ```
   */
  get(name: string): T {
    const found = this.items.get(this.keyOf(name));
    if (!found) throw this.unknownError(name);
    return found.item;
  }

  /**
   * Whether `name` is registered.
   *
   * @example
   * ```ts
   * if (!operators.has('Clip')) operators.add(clipSpec);
   * ```
   */
  has(name: string): boolean {
    return this.items.has(this.keyOf(name));
  }

  /**
   * Registered names as they were registered, in registration order.
   *
   * @example
   * ```ts
   * defaultHandlerRegistry().names(); // ['Alpha158', 'Alpha360']
   * ```
   */
  names(): string[] {
    return [...this.items.values()].map((e) => e.name);
  }

  /**
   * The registered name closest to `name` (edit distance, case-insensitive; ties: registration order),
   * or `undefined` when nothing is registered. For "did you mean" hints.
   *
   * @example
   * ```ts
   * defaultOperatorRegistry().closest('Mena'); // 'Mean'
   * ```
   */
  closest(name: string): string | undefined {
    const names = [...this.items.values()].map((e) => e.name);
    return names.length ? closestName(name, names) : undefined;
  }

  /**
   * A copy with the same items: registering into it leaves this registry unchanged. Subclasses are kept.
   *
   * @example
   * ```ts
   * const mine = defaultOperatorRegistry().clone().add(doubleSpec);
   * ```
   */
  clone(): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(copy, this);
    (copy as Registry<T>).items = new Map(this.items);
    return copy;
  }

  /**
   * The error {@link Registry.get} throws for `name`: DataError (`unknownCode`) naming the closest
   * registered name and listing them all. Subclasses override it to keep their own wording.
   *
   * @example
   * ```ts
   * const h = handlers.find(key) ?? loadFallback(key);
   * if (!h) throw handlers.unknownError(key);
   * ```
   */
  unknownError(name: string): Error {
    const { kind, unknownCode = 'CONFIG_INVALID' } = this.options;
    const names = this.names();
    const best = this.closest(name);
    return new DataError(unknownCode, `unknown ${kind} "${name}"`, {
      hint: best === undefined ? `no ${kind} is registered` : `did you mean "${best}"? Registered ${kind} names: ${names.join(', ')}`,
      details: { kind, name, known: names },
    });
  }
}
