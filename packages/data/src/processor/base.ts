import type { FeatureFrame } from '../features/feature-frame.js';
import { processorError } from './frame-utils.js';
import type { ProcessContext, Processor, ProcessorJSON } from './types.js';

/** Common plumbing: parsed kwargs, Qlib's defaults for `is_for_infer`, and JSON of the config. */
export abstract class BaseProcessor<K extends object> implements Processor {
  abstract readonly className: string;
  readonly needsFit: boolean = false;

  constructor(readonly kwargs: Readonly<K>) {}

  isForInfer(): boolean {
    return true;
  }

  isFitted(): boolean {
    return true;
  }

  fit(_frame: FeatureFrame, _ctx: ProcessContext): void {}

  abstract transform(frame: FeatureFrame, ctx: ProcessContext): FeatureFrame;

  toJSON(): ProcessorJSON {
    return { class: this.className, kwargs: { ...this.kwargs } as Record<string, unknown> };
  }

  protected error(problem: string, hint: string, details?: Record<string, unknown>) {
    return processorError(this.className, problem, hint, details);
  }
}

/**
 * JSON has no NaN or ±Infinity, and fitted statistics can be either (an all-NaN column has a NaN mean), so
 * they travel as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
 */
export function encodeNumbers(values: ArrayLike<number>): Array<number | string> {
  return Array.from(values, (v) => (Number.isFinite(v) ? v : String(v)));
}

/** Inverse of {@link encodeNumbers}. */
export function decodeNumbers(values: unknown, what: string, className: string): Float64Array {
  if (!Array.isArray(values)) {
    throw processorError(className, `state.${what} is not an array`, 'pass the object produced by toJSON() unchanged');
  }
  return Float64Array.from(values, (v: unknown) => {
    if (typeof v === 'number') return v;
    if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return Number(v);
    throw processorError(
      className,
      `state.${what} holds ${JSON.stringify(v)}, not a number`,
      'pass the object produced by toJSON() unchanged',
    );
  });
}
