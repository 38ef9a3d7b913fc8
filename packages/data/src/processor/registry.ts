import { z } from 'zod';
import { formatIssues, inputIssues } from '../errors.js';
import { Registry } from '../registry/registry.js';
import {
  DropCol,
  DropnaLabel,
  DropnaProcessor,
  dropColKwargs,
  dropnaLabelKwargs,
  dropnaProcessorKwargs,
  Fillna,
  FilterCol,
  fillnaKwargs,
  filterColKwargs,
  TanhProcess,
  tanhProcessKwargs,
} from './cleaning.js';
import {
  CSRankNorm,
  CSZFillna,
  CSZScoreNorm,
  csRankNormKwargs,
  csZFillnaKwargs,
  csZScoreNormKwargs,
  ProcessInf,
  processInfKwargs,
} from './cross-section.js';
import { processorError } from './frame-utils.js';
import { MinMaxNorm, minMaxNormKwargs, RobustZScoreNorm, robustZScoreNormKwargs, ZScoreNorm, zScoreNormKwargs } from './normalize.js';
import type { Processor, ProcessorJSON } from './types.js';

/**
 * A processor config as Qlib writes it: `{class, module_path?, kwargs?}` (module_path is accepted and
 * ignored: classes come from the registry), or just the class name.
 */
export const processorConfigSchema = z.union([
  z.string().describe('class name with default kwargs'),
  z.strictObject({
    class: z.string().describe('Qlib class name, e.g. RobustZScoreNorm'),
    module_path: z.string().optional().describe('accepted for Qlib compatibility and ignored'),
    kwargs: z.record(z.string(), z.unknown()).default({}).describe('constructor arguments (default {})'),
    state: z.record(z.string(), z.unknown()).optional().describe('fitted state written by toJSON() (optional)'),
  }),
]);
export type ProcessorConfig = z.input<typeof processorConfigSchema>;

/** How the registry builds one processor class. */
export interface ProcessorFactory {
  /** Strict zod schema of the kwargs (Qlib names). */
  readonly schema: z.ZodType<object>;
  /** True when the class takes `fit_start_time` / `fit_end_time` (the handler injects its fit window). */
  readonly fitWindow: boolean;
  create(kwargs: object): Processor;
}

/** Defaults the handler supplies to processors that do not set them (Qlib's `check_transform_proc`). */
export interface ProcessorDefaults {
  fitStart?: string | null;
  fitEnd?: string | null;
}

/** Processors that can restore fitted state. */
interface Stateful {
  loadState(state: Record<string, unknown>): void;
}

function isStateful(p: Processor): p is Processor & Stateful {
  return typeof (p as Partial<Stateful>).loadState === 'function';
}

/** The zod issues of a processor config, worded as every rollq input error (one formatter: data/errors.ts). */
function describeIssues(err: z.ZodError): string {
  return formatIssues(inputIssues(err.issues));
}

/**
 * Processor classes by Qlib name (case-sensitive). A value passed to handlers (not a module global), so users
 * can add their own classes without touching anyone else's pipeline.
 *
 * @example
 * ```ts
 * const mine = defaultProcessorRegistry().register('Negate', {
 *   schema: z.strictObject({}),
 *   fitWindow: false,
 *   create: () => new Negate(),
 * });
 * mine.create({ class: 'RobustZScoreNorm', kwargs: { fields_group: 'feature' } }, { fitStart, fitEnd });
 * ```
 */
export class ProcessorRegistry extends Registry<ProcessorFactory> {
  constructor(entries: Iterable<readonly [string, ProcessorFactory]> = []) {
    super({ kind: 'processor class', unknownCode: 'PROCESSOR_INVALID' });
    for (const [name, factory] of entries) this.register(name, factory);
  }

  /**
   * Registered class names, sorted.
   *
   * @example
   * ```ts
   * defaultProcessorRegistry().names(); // ['CSRankNorm', 'CSZFillna', …, 'ZScoreNorm']
   * ```
   */
  override names(): string[] {
    return super.names().sort();
  }

  /**
   * `PROCESSOR_INVALID` for an unknown class, listing the allowed ones.
   *
   * @example
   * ```ts
   * throw defaultProcessorRegistry().unknownError('ZNorm'); // ZNorm: unknown processor class
   * ```
   */
  override unknownError(name: string): Error {
    return processorError(name, 'unknown processor class', `use one of: ${this.names().join(', ')}`, { allowed: this.names() });
  }

  /**
   * Builds a processor from a Qlib-style config. Unknown classes and bad kwargs throw PROCESSOR_INVALID
   * naming the class and the allowed values.
   */
  create(config: unknown, defaults: ProcessorDefaults = {}): Processor {
    const parsed = processorConfigSchema.safeParse(config);
    if (!parsed.success) {
      throw processorError(
        typeof config === 'object' && config && 'class' in config ? String((config as { class: unknown }).class) : 'processor',
        `invalid processor config: ${describeIssues(parsed.error)}`,
        'write a processor as {class: "RobustZScoreNorm", kwargs: {...}} or as a class name',
      );
    }
    const cfg = typeof parsed.data === 'string' ? { class: parsed.data, kwargs: {} } : parsed.data;
    const factory = this.get(cfg.class);
    const kwargs: Record<string, unknown> = { ...cfg.kwargs };
    if (factory.fitWindow) {
      kwargs.fit_start_time ??= defaults.fitStart ?? null;
      kwargs.fit_end_time ??= defaults.fitEnd ?? null;
    }
    const k = factory.schema.safeParse(kwargs);
    if (!k.success) {
      const allowed = factory.schema instanceof z.ZodObject ? Object.keys(factory.schema.shape) : [];
      throw processorError(
        cfg.class,
        `invalid kwargs: ${describeIssues(k.error)}`,
        `allowed kwargs: ${allowed.length ? allowed.join(', ') : '(none)'}`,
        {
          allowed,
        },
      );
    }
    const proc = factory.create(k.data);
    if ('state' in cfg && cfg.state) {
      if (!isStateful(proc)) throw processorError(cfg.class, 'has no fitted state to load', 'drop the "state" field from its config');
      proc.loadState(cfg.state);
    }
    return proc;
  }

  /**
   * Rebuilds a processor (with its fitted state) from {@link Processor.toJSON} output.
   *
   * @example
   * ```ts
   * const again = defaultProcessorRegistry().fromJSON(fitted.toJSON());
   * ```
   */
  fromJSON(json: ProcessorJSON): Processor {
    return this.create(json);
  }
}

/**
 * A fresh registry holding Qlib's processors.
 *
 * @example
 * ```ts
 * const norm = defaultProcessorRegistry().create({ class: 'CSZScoreNorm', kwargs: { fields_group: 'label' } });
 * ```
 */
export function defaultProcessorRegistry(): ProcessorRegistry {
  const reg = new ProcessorRegistry();
  const add = <K extends object>(name: string, schema: z.ZodType<K>, fitWindow: boolean, make: (k: K) => Processor) =>
    reg.register(name, { schema, fitWindow, create: (k) => make(k as K) });
  add('ZScoreNorm', zScoreNormKwargs, true, (k) => new ZScoreNorm(k));
  add('MinMaxNorm', minMaxNormKwargs, true, (k) => new MinMaxNorm(k));
  add('RobustZScoreNorm', robustZScoreNormKwargs, true, (k) => new RobustZScoreNorm(k));
  add('CSZScoreNorm', csZScoreNormKwargs, false, (k) => new CSZScoreNorm(k));
  add('CSRankNorm', csRankNormKwargs, false, (k) => new CSRankNorm(k));
  add('CSZFillna', csZFillnaKwargs, false, (k) => new CSZFillna(k));
  add('ProcessInf', processInfKwargs, false, (k) => new ProcessInf(k));
  add('Fillna', fillnaKwargs, false, (k) => new Fillna(k));
  add('DropnaProcessor', dropnaProcessorKwargs, false, (k) => new DropnaProcessor(k));
  add('DropnaLabel', dropnaLabelKwargs, false, (k) => new DropnaLabel(k));
  add('FilterCol', filterColKwargs, false, (k) => new FilterCol(k));
  add('DropCol', dropColKwargs, false, (k) => new DropCol(k));
  add('TanhProcess', tanhProcessKwargs, false, (k) => new TanhProcess(k));
  return reg;
}
