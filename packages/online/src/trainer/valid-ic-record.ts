import type { RecordContext, WorkflowRecord } from '@rollq/workflow';
import { OnlineError } from '../errors.js';

/** Record class name of {@link ValidICRecord}, as a task's `record` lists it. */
export const VALID_IC_RECORD = 'ValidICRecord';
/** Metric the record logs: mean daily Pearson IC of the model on its `valid` segment. */
export const VALID_IC_METRIC = 'valid_ic';

/**
 * Mean over days of the cross-sectional Pearson correlation between `score` and `label` (rows grouped by
 * consecutive equal `rowDate`, as datasets order rows by date). Days with fewer than 2 finite pairs or
 * zero variance are skipped; NaN when no day counts.
 */
export function meanDailyIC(rowDate: Int32Array, score: Float64Array, label: Float32Array): number {
  let sum = 0;
  let days = 0;
  let i = 0;
  const n = rowDate.length;
  while (i < n) {
    let j = i;
    while (j < n && rowDate[j] === rowDate[i]) j++;
    let k = 0,
      sx = 0,
      sy = 0,
      sxx = 0,
      syy = 0,
      sxy = 0;
    for (let r = i; r < j; r++) {
      const x = score[r]!;
      const y = label[r]!;
      if (x !== x || y !== y) continue;
      k++;
      sx += x;
      sy += y;
      sxx += x * x;
      syy += y * y;
      sxy += x * y;
    }
    const vx = sxx - (sx * sx) / k;
    const vy = syy - (sy * sy) / k;
    if (k >= 2 && vx > 0 && vy > 0) {
      sum += (sxy - (sx * sy) / k) / Math.sqrt(vx * vy);
      days++;
    }
    i = j;
  }
  return days > 0 ? sum / days : Number.NaN;
}

/**
 * Not in Qlib: scores the trained model on the task's `valid` segment and logs the mean daily IC as the
 * metric `valid_ic`. The canary gate of the online manager compares this number between a new model and
 * the one it would replace, so the decision never looks at test days the model has not lived through yet.
 */
export class ValidICRecord implements WorkflowRecord {
  readonly name = VALID_IC_RECORD;

  async generate(ctx: RecordContext): Promise<void> {
    const { model, dataset } = ctx;
    if (!model || !dataset) {
      throw new OnlineError('RECORD_INVALID', 'ValidICRecord needs the trained model and its dataset', {
        hint: 'list ValidICRecord in task.record of a task that trains a model',
      });
    }
    if (!dataset.segmentNames().includes('valid')) {
      throw new OnlineError('RECORD_INVALID', 'ValidICRecord needs a "valid" segment in the dataset', {
        hint: 'add dataset.kwargs.segments.valid, or drop ValidICRecord',
      });
    }
    const valid = dataset.prepare('valid', 'infer');
    const ic = meanDailyIC(valid.index.rowDate, model.predict(dataset, 'valid'), valid.y);
    // JSON has no NaN: a model without a usable valid IC simply logs nothing and the canary treats it as unknown
    if (Number.isFinite(ic)) await ctx.store.logMetrics(ctx.recorderId, { [VALID_IC_METRIC]: ic });
  }
}
