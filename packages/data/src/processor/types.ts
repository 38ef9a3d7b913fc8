import type { FeatureFrame, FrameColumn } from '../features/feature-frame.js';

/**
 * Which columns a processor touches, as Qlib's `fields_group`: `'feature'`, `'label'`, or `null` for every
 * column of the frame.
 */
export type FieldsGroup = 'feature' | 'label' | null;

/**
 * What a processor needs to know about a frame beyond its arrays. A FeatureFrame has flat column names, so
 * the label group (Qlib's second column level) is named here; every other column is a feature.
 */
export interface ProcessContext {
  readonly labelColumns: ReadonlySet<string>;
  /**
   * Columns an earlier processor of the same pipeline run made and nothing outside the run holds (not the
   * input frame's, not a view's): a transform may overwrite these in place instead of copying them.
   */
  readonly scratch?: ReadonlySet<FrameColumn>;
}

/**
 * A processor as plain JSON: the Qlib config (`class` + `kwargs`) plus, for fitted processors, the fitted
 * statistics. A model loaded in another process rebuilds the exact normalisation from this.
 */
export interface ProcessorJSON {
  class: string;
  kwargs: Record<string, unknown>;
  /** Fitted state (absent for processors that need no fitting, or that were never fitted). */
  state?: Record<string, unknown>;
}

/**
 * One step of a DataHandlerLP pipeline (Qlib's `Processor`). Processors never mutate their input: they
 * return a new frame that shares every column they did not change, so the handler's raw view stays intact.
 */
export interface Processor {
  /** Qlib class name, e.g. `RobustZScoreNorm`. */
  readonly className: string;
  /** True when `fit` learns statistics (ZScoreNorm, MinMaxNorm, RobustZScoreNorm). */
  readonly needsFit: boolean;
  /** Whether the processor may run at inference time (Qlib's `is_for_infer`); DropnaLabel may not. */
  isForInfer(): boolean;
  /** True once fitted (always true for processors that need no fitting). */
  isFitted(): boolean;
  /** Learns statistics from `frame` (only rows inside the processor's fit window). No-op when `needsFit` is false. */
  fit(frame: FeatureFrame, ctx: ProcessContext): void;
  /** Applies the processor; throws PROCESSOR_INVALID when a fitted processor is used before `fit`. */
  transform(frame: FeatureFrame, ctx: ProcessContext): FeatureFrame;
  /** Config plus fitted state, for `ProcessorRegistry.fromJSON`. */
  toJSON(): ProcessorJSON;
}
