import { z } from 'zod';
import { type FeatureFrame, type FrameColumn, newColumnLike } from '../features/feature-frame.js';
import { BaseProcessor } from './base.js';
import { forEachDay, groupColumnIndices, withColumns } from './frame-utils.js';
import { fieldsGroupSchema } from './kwargs.js';
import { float32ZScore, nanMeanStd, nanMedian } from './stats.js';
import type { ProcessContext } from './types.js';

/** Qlib's CSRankNorm scale: a uniform on [-0.5, 0.5] times 3.46 has unit standard deviation (√12 ≈ 3.46). */
const RANK_SCALE = 3.46;
const MAD_TO_STD = 1.4826;

/** Maps each processed column through `fn(src, out, lo, hi)` once per trading day. */
function mapByDay(
  frame: FeatureFrame,
  cols: number[],
  fn: (src: FrameColumn, out: FrameColumn, lo: number, hi: number) => void,
): FeatureFrame {
  const replaced = new Map<number, FrameColumn>();
  for (const c of cols) {
    const src = frame.values[c]!;
    const out = newColumnLike(src);
    forEachDay(frame, (lo, hi) => fn(src, out, lo, hi));
    replaced.set(c, out);
  }
  return withColumns(frame, replaced);
}

export const csZScoreNormKwargs = z.strictObject({
  fields_group: fieldsGroupSchema(null),
  method: z
    .enum(['zscore', 'robust'])
    .default('zscore')
    .describe('"zscore" (mean/std, ddof 1) or "robust" (median/MAD, clipped to ±3); default "zscore"'),
});
export type CSZScoreNormKwargs = z.output<typeof csZScoreNormKwargs>;

/**
 * Qlib `CSZScoreNorm`: per day and column, `(x - mean) / std` with pandas' std (ddof 1, NaN skipped); a day
 * with one valid value or zero spread gives NaN. `method: robust`: `clip((x - median) / MAD / 1.4826, -3, 3)`
 * with no EPS.
 */
export class CSZScoreNorm extends BaseProcessor<CSZScoreNormKwargs> {
  readonly className = 'CSZScoreNorm';
  transform(frame: FeatureFrame, ctx: ProcessContext): FeatureFrame {
    const cols = groupColumnIndices(frame, this.kwargs.fields_group, ctx);
    if (this.kwargs.method === 'zscore') {
      let scratch = new Float64Array(0);
      return mapByDay(frame, cols, (src, out, lo, hi) => {
        if (src instanceof Float32Array) {
          // Qlib's frames are float32 and pandas computes in float32: the same operations, bit for bit
          if (scratch.length < hi - lo) scratch = new Float64Array(hi - lo);
          float32ZScore(src, out, lo, hi, scratch);
          return;
        }
        const { mean, std } = nanMeanStd(src, lo, hi, 1);
        for (let i = lo; i < hi; i++) out[i] = (src[i]! - mean) / std;
      });
    }
    return mapByDay(frame, cols, (src, out, lo, hi) => {
      const med = nanMedian(src, lo, hi);
      const dev = new Float64Array(hi - lo);
      for (let i = lo; i < hi; i++) dev[i - lo] = Math.abs(src[i]! - med);
      const mad = nanMedian(dev);
      for (let i = lo; i < hi; i++) {
        const v = (src[i]! - med) / mad / MAD_TO_STD;
        out[i] = v > 3 ? 3 : v < -3 ? -3 : v;
      }
    });
  }
}

export const csRankNormKwargs = z.strictObject({ fields_group: fieldsGroupSchema(null) });
export type CSRankNormKwargs = z.output<typeof csRankNormKwargs>;

/**
 * Qlib `CSRankNorm`: per day and column, `(rank(pct=True) - 0.5) * 3.46` with average ranks for ties; NaN is
 * left out of the count and stays NaN, ±Infinity ranks as the extreme value.
 */
export class CSRankNorm extends BaseProcessor<CSRankNormKwargs> {
  readonly className = 'CSRankNorm';
  transform(frame: FeatureFrame, ctx: ProcessContext): FeatureFrame {
    const cols = groupColumnIndices(frame, this.kwargs.fields_group, ctx);
    return mapByDay(frame, cols, (src, out, lo, hi) => {
      // native typed-array sort of the day's values, then each value's tie block by binary search: the
      // average 1-based rank of a block [first, last) is (first + 1 + last) / 2
      const sorted = new Float64Array(hi - lo);
      let n = 0;
      for (let i = lo; i < hi; i++) if (src[i]! === src[i]!) sorted[n++] = src[i]!;
      const s = sorted.subarray(0, n).sort();
      for (let i = lo; i < hi; i++) {
        const v = src[i]!;
        if (v !== v) {
          out[i] = NaN;
          continue;
        }
        const first = bound(s, v, false);
        const last = bound(s, v, true);
        out[i] = ((first + 1 + last) / 2 / n - 0.5) * RANK_SCALE;
      }
    });
  }
}

/** First index of `s` (sorted) whose value is >= v (or > v when `upper`). */
function bound(s: Float64Array, v: number, upper: boolean): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s[mid]! < v || (upper && s[mid] === v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export const csZFillnaKwargs = z.strictObject({ fields_group: fieldsGroupSchema(null) });
export type CSZFillnaKwargs = z.output<typeof csZFillnaKwargs>;

/** Qlib `CSZFillna`: per day and column, NaN becomes that day's mean of the column. */
export class CSZFillna extends BaseProcessor<CSZFillnaKwargs> {
  readonly className = 'CSZFillna';
  transform(frame: FeatureFrame, ctx: ProcessContext): FeatureFrame {
    const cols = groupColumnIndices(frame, this.kwargs.fields_group, ctx);
    return mapByDay(frame, cols, (src, out, lo, hi) => {
      const { mean } = nanMeanStd(src, lo, hi, 0);
      for (let i = lo; i < hi; i++) out[i] = src[i]! === src[i]! ? src[i]! : mean;
    });
  }
}

export const processInfKwargs = z.strictObject({});
export type ProcessInfKwargs = z.output<typeof processInfKwargs>;

/**
 * Qlib `ProcessInf`: per day and column (every column, labels included), ±Infinity becomes the mean of that
 * day's finite values of the column (NaN when there are none).
 */
export class ProcessInf extends BaseProcessor<ProcessInfKwargs> {
  readonly className = 'ProcessInf';
  transform(frame: FeatureFrame, ctx: ProcessContext): FeatureFrame {
    // most columns never hold an infinity: only those that do are copied
    const cols = groupColumnIndices(frame, null, ctx).filter((c) => frame.values[c]!.some((v) => v === Infinity || v === -Infinity));
    return mapByDay(frame, cols, (src, out, lo, hi) => {
      let sum = 0;
      let n = 0;
      let hasInf = false;
      for (let i = lo; i < hi; i++) {
        const v = src[i]!;
        if (Number.isFinite(v)) {
          sum += v;
          n++;
        } else if (v === v) hasInf = true;
      }
      const mean = n > 0 ? sum / n : NaN;
      for (let i = lo; i < hi; i++) {
        const v = src[i]!;
        out[i] = hasInf && (v === Infinity || v === -Infinity) ? mean : v;
      }
    });
  }
}
