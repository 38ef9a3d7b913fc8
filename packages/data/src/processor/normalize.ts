import { z } from 'zod';
import { type FeatureFrame, type FrameColumn, newColumnLike } from '../features/feature-frame.js';
import { BaseProcessor, decodeNumbers, encodeNumbers } from './base.js';
import { dateRowRange, groupColumnIndices, withColumns } from './frame-utils.js';
import { fieldsGroupSchema, fitWindowShape } from './kwargs.js';
import { nanMeanStd, nanMedian } from './stats.js';
import type { FieldsGroup, ProcessContext, ProcessorJSON } from './types.js';

/** Qlib's EPS in RobustZScoreNorm (added to the MAD so constant columns do not divide by zero). */
const ROBUST_EPS = 1e-12;
/** MAD → standard deviation for normal data (Qlib's constant). */
const MAD_TO_STD = 1.4826;

/** kwargs of ZScoreNorm / MinMaxNorm (Qlib: `fields_group=None`). */
export const zScoreNormKwargs = z.strictObject({ ...fitWindowShape, fields_group: fieldsGroupSchema(null) });
export type ZScoreNormKwargs = z.output<typeof zScoreNormKwargs>;
/** kwargs of MinMaxNorm. */
export const minMaxNormKwargs = zScoreNormKwargs;
export type MinMaxNormKwargs = ZScoreNormKwargs;
/** kwargs of RobustZScoreNorm. */
export const robustZScoreNormKwargs = z.strictObject({
  ...fitWindowShape,
  fields_group: fieldsGroupSchema(null),
  clip_outlier: z.boolean().default(true).describe('clip the result to [-3, 3] (default true)'),
});
export type RobustZScoreNormKwargs = z.output<typeof robustZScoreNormKwargs>;

interface FitKwargs {
  fit_start_time: string | null;
  fit_end_time: string | null;
  fields_group: FieldsGroup;
}

/** Fitted per-column `(x - shift) / scale` (the shape of all three of Qlib's fitted normalisers). */
interface ColumnStats {
  columns: string[];
  shift: Float64Array;
  scale: Float64Array;
}

/**
 * Base of the processors that learn per-column statistics on the fit window and then apply
 * `(x - shift) / scale` to every row. Statistics are keyed by column name, so a frame whose feature set
 * differs from the fitted one fails loudly instead of normalising the wrong columns.
 */
abstract class FittedNorm<K extends FitKwargs> extends BaseProcessor<K> {
  override readonly needsFit = true;
  protected stats: ColumnStats | null = null;

  /** The (shift, scale) of one column from its values in rows `[lo, hi)`. */
  protected abstract columnStats(xs: FrameColumn, lo: number, hi: number): [number, number];

  override isFitted(): boolean {
    return this.stats !== null;
  }

  override fit(frame: FeatureFrame, ctx: ProcessContext): void {
    const { fit_start_time: start, fit_end_time: end } = this.kwargs;
    if (start === null || end === null) {
      throw this.error(
        'fit_start_time and fit_end_time are not set',
        'set them in the processor kwargs, or give the handler fitStart/fitEnd (Qlib injects those into every fitted processor)',
      );
    }
    const [lo, hi] = dateRowRange(frame, start, end);
    if (hi <= lo) {
      throw this.error(
        `the fit window ${start}..${end} holds no rows`,
        'choose a fit window inside the loaded date range (usually the train segment)',
        { fitStart: start, fitEnd: end },
      );
    }
    const cols = groupColumnIndices(frame, this.kwargs.fields_group, ctx);
    const shift = new Float64Array(cols.length);
    const scale = new Float64Array(cols.length);
    cols.forEach((c, k) => {
      [shift[k], scale[k]] = this.columnStats(frame.values[c]!, lo, hi);
    });
    this.stats = { columns: cols.map((c) => frame.columns[c]!), shift, scale };
  }

  override transform(frame: FeatureFrame, ctx: ProcessContext): FeatureFrame {
    const stats = this.stats;
    if (!stats) throw this.error('transform() called before fit()', 'fit the processor first, or load fitted state with fromJSON');
    const byName = new Map(stats.columns.map((name, k) => [name, k]));
    const replaced = new Map<number, FrameColumn>();
    for (const c of groupColumnIndices(frame, this.kwargs.fields_group, ctx)) {
      const k = byName.get(frame.columns[c]!);
      if (k === undefined) {
        throw this.error(
          `column ${frame.columns[c]} was not in the fitted columns`,
          're-fit the processor on frames with the same columns',
          {
            column: frame.columns[c],
          },
        );
      }
      replaced.set(c, this.applyColumn(frame.values[c]!, stats.shift[k]!, stats.scale[k]!));
    }
    return withColumns(frame, replaced);
  }

  protected applyColumn(xs: FrameColumn, shift: number, scale: number): FrameColumn {
    const out = newColumnLike(xs);
    for (let i = 0; i < xs.length; i++) out[i] = (xs[i]! - shift) / scale;
    return out;
  }

  override toJSON(): ProcessorJSON {
    const json = super.toJSON();
    if (this.stats) {
      json.state = { columns: [...this.stats.columns], shift: encodeNumbers(this.stats.shift), scale: encodeNumbers(this.stats.scale) };
    }
    return json;
  }

  /** Restores the state written by {@link toJSON} (used by `ProcessorRegistry.fromJSON`). */
  loadState(state: Record<string, unknown>): void {
    const columns = state.columns;
    if (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string')) {
      throw this.error('state.columns is not a list of names', 'pass the object produced by toJSON() unchanged');
    }
    const shift = decodeNumbers(state.shift, 'shift', this.className);
    const scale = decodeNumbers(state.scale, 'scale', this.className);
    if (shift.length !== columns.length || scale.length !== columns.length) {
      throw this.error('state arrays differ in length from state.columns', 'pass the object produced by toJSON() unchanged');
    }
    this.stats = { columns: columns as string[], shift, scale };
  }

  /** The fitted statistics per column name (for inspection and tests). */
  fittedStats(): { columns: string[]; shift: Float64Array; scale: Float64Array } | null {
    return this.stats;
  }
}

/**
 * Qlib `ZScoreNorm`: `(x - mean) / std` with `mean = nanmean`, `std = nanstd` (ddof 0) over the fit window;
 * columns with zero std are left as they are (mean 0, std 1).
 */
export class ZScoreNorm extends FittedNorm<ZScoreNormKwargs> {
  readonly className = 'ZScoreNorm';
  protected columnStats(xs: FrameColumn, lo: number, hi: number): [number, number] {
    const { mean, std } = nanMeanStd(xs, lo, hi, 0);
    return std === 0 ? [0, 1] : [mean, std];
  }
}

/**
 * Qlib `MinMaxNorm`: `(x - min) / (max - min)` with `nanmin` / `nanmax` over the fit window; constant
 * columns are left as they are (min 0, max 1), as Qlib's comment intends.
 */
export class MinMaxNorm extends FittedNorm<MinMaxNormKwargs> {
  readonly className = 'MinMaxNorm';
  protected columnStats(xs: FrameColumn, lo: number, hi: number): [number, number] {
    let min = Infinity;
    let max = -Infinity;
    let n = 0;
    for (let i = lo; i < hi; i++) {
      const v = xs[i]!;
      if (v !== v) continue;
      n++;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (n === 0) return [NaN, NaN];
    return min === max ? [0, 1] : [min, max - min];
  }
}

/**
 * Qlib `RobustZScoreNorm`: `(x - median) / ((MAD + 1e-12) * 1.4826)` with the median and the median absolute
 * deviation over the fit window, then `clip(-3, 3)` when `clip_outlier` (NaN stays NaN).
 */
export class RobustZScoreNorm extends FittedNorm<RobustZScoreNormKwargs> {
  readonly className = 'RobustZScoreNorm';
  protected columnStats(xs: FrameColumn, lo: number, hi: number): [number, number] {
    const med = nanMedian(xs, lo, hi);
    const dev = new Float64Array(hi - lo);
    for (let i = lo; i < hi; i++) dev[i - lo] = Math.abs(xs[i]! - med);
    const mad = nanMedian(dev);
    return [med, (mad + ROBUST_EPS) * MAD_TO_STD];
  }
  protected override applyColumn(xs: FrameColumn, shift: number, scale: number): FrameColumn {
    const out = super.applyColumn(xs, shift, scale);
    if (this.kwargs.clip_outlier) {
      for (let i = 0; i < out.length; i++) {
        const v = out[i]!;
        // comparisons with NaN are false, so NaN passes through unclipped as np.clip leaves it
        if (v > 3) out[i] = 3;
        else if (v < -3) out[i] = -3;
      }
    }
    return out;
  }
}

export type { FittedNorm };
