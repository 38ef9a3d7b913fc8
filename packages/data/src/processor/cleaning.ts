import { z } from 'zod';
import { type FeatureFrame, type FrameColumn, newColumnLike } from '../features/feature-frame.js';
import { BaseProcessor } from './base.js';
import { filterRows, groupColumnIndices, selectColumns, withColumns } from './frame-utils.js';
import { fieldsGroupSchema } from './kwargs.js';
import type { ProcessContext } from './types.js';

export const fillnaKwargs = z.strictObject({
  fields_group: fieldsGroupSchema(null),
  fill_value: z.number().default(0).describe('value that replaces NaN (default 0)'),
});
export type FillnaKwargs = z.output<typeof fillnaKwargs>;

/** Qlib `Fillna`: NaN in the group's columns becomes `fill_value` (±Infinity is left alone, as pandas does). */
export class Fillna extends BaseProcessor<FillnaKwargs> {
  readonly className = 'Fillna';
  transform(frame: FeatureFrame, ctx: ProcessContext): FeatureFrame {
    const fill = this.kwargs.fill_value;
    const replaced = new Map<number, FrameColumn>();
    for (const c of groupColumnIndices(frame, this.kwargs.fields_group, ctx)) {
      const src = frame.values[c]!;
      if (!src.some((v) => v !== v)) continue; // nothing to fill: share the column
      const out = ctx.scratch?.has(src) ? src : newColumnLike(src);
      for (let i = 0; i < src.length; i++) out[i] = src[i]! === src[i]! ? src[i]! : fill;
      replaced.set(c, out);
    }
    return withColumns(frame, replaced);
  }
}

export const dropnaProcessorKwargs = z.strictObject({ fields_group: fieldsGroupSchema(null) });
export type DropnaProcessorKwargs = z.output<typeof dropnaProcessorKwargs>;

/** Drops the rows holding NaN in any of `cols` (pandas `dropna(subset=cols)`, how="any"). */
function dropNaRows(frame: FeatureFrame, cols: number[]): FeatureFrame {
  const n = frame.rowDate.length;
  const keep = new Uint8Array(n).fill(1);
  for (const c of cols) {
    const xs = frame.values[c]!;
    for (let r = 0; r < n; r++) if (xs[r]! !== xs[r]!) keep[r] = 0;
  }
  return filterRows(frame, keep);
}

/** Qlib `DropnaProcessor`: drops rows with NaN in any column of the group. */
export class DropnaProcessor extends BaseProcessor<DropnaProcessorKwargs> {
  readonly className: string = 'DropnaProcessor';
  transform(frame: FeatureFrame, ctx: ProcessContext): FeatureFrame {
    return dropNaRows(frame, groupColumnIndices(frame, this.kwargs.fields_group, ctx));
  }
}

export const dropnaLabelKwargs = z.strictObject({ fields_group: fieldsGroupSchema('label') });
export type DropnaLabelKwargs = z.output<typeof dropnaLabelKwargs>;

/**
 * Qlib `DropnaLabel`: drops rows whose label is NaN. Not for inference (`isForInfer()` is false): at
 * prediction time the label is unknown, so dropping on it would drop the rows to predict.
 */
export class DropnaLabel extends DropnaProcessor {
  override readonly className = 'DropnaLabel';
  override isForInfer(): boolean {
    return false;
  }
}

export const filterColKwargs = z.strictObject({
  fields_group: fieldsGroupSchema('feature'),
  col_list: z.array(z.string()).default([]).describe('columns of the group to keep (default [] keeps none of them)'),
});
export type FilterColKwargs = z.output<typeof filterColKwargs>;

/**
 * Qlib `FilterCol`: keeps the group's columns named in `col_list` and every column outside the group (so
 * the label survives), in frame order. Unlike Qlib, a name in `col_list` that the group lacks is an error
 * rather than silently ignored, since it is almost always a typo.
 */
export class FilterCol extends BaseProcessor<FilterColKwargs> {
  readonly className = 'FilterCol';
  transform(frame: FeatureFrame, ctx: ProcessContext): FeatureFrame {
    const group = new Set(groupColumnIndices(frame, this.kwargs.fields_group, ctx));
    const wanted = new Set(this.kwargs.col_list);
    const missing = this.kwargs.col_list.filter((name) => !frame.columns.some((c, i) => c === name && group.has(i)));
    if (missing.length > 0) {
      throw this.error(
        `col_list names ${missing.join(', ')}, which the ${this.kwargs.fields_group ?? 'frame'} columns lack`,
        'use column names of the handler (e.g. RESI5, KLEN for Alpha158)',
        {
          missing,
        },
      );
    }
    const keep = frame.columns.map((_, i) => i).filter((i) => !group.has(i) || wanted.has(frame.columns[i]!));
    return selectColumns(frame, keep);
  }
}

export const dropColKwargs = z.strictObject({
  col_list: z.array(z.string()).default([]).describe('column names to drop (default [])'),
});
export type DropColKwargs = z.output<typeof dropColKwargs>;

/** Qlib `DropCol`: drops the columns named in `col_list` (names the frame lacks are ignored, as in Qlib). */
export class DropCol extends BaseProcessor<DropColKwargs> {
  readonly className = 'DropCol';
  transform(frame: FeatureFrame): FeatureFrame {
    const drop = new Set(this.kwargs.col_list);
    return selectColumns(
      frame,
      frame.columns.map((_, i) => i).filter((i) => !drop.has(frame.columns[i]!)),
    );
  }
}

export const tanhProcessKwargs = z.strictObject({});
export type TanhProcessKwargs = z.output<typeof tanhProcessKwargs>;

/**
 * Qlib `TanhProcess`: `tanh(x - 1)` on every feature column, a soft squash of ratio-like features around 1.
 * Qlib picks the columns whose name does not contain "LABEL"; here the label group is used instead.
 */
export class TanhProcess extends BaseProcessor<TanhProcessKwargs> {
  readonly className = 'TanhProcess';
  transform(frame: FeatureFrame, ctx: ProcessContext): FeatureFrame {
    const replaced = new Map<number, FrameColumn>();
    for (const c of groupColumnIndices(frame, 'feature', ctx)) {
      const src = frame.values[c]!;
      const out = newColumnLike(src);
      for (let i = 0; i < src.length; i++) out[i] = Math.tanh(src[i]! - 1);
      replaced.set(c, out);
    }
    return withColumns(frame, replaced);
  }
}
