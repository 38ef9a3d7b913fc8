import { parseOrThrow } from '@rollq/data';
import { z } from '@rollq/data/zod';
import { WorkflowError } from '../errors.js';
import { pprintDict } from '../format.js';
import { analyseSignal } from './backtest-adapter.js';
import { RECORD_ARTIFACTS, type RecordContext, type WorkflowRecord } from './record.js';

/** SigAnaRecord kwargs, as Qlib's. */
export const sigAnaKwargsSchema = z
  .strictObject({
    ana_long_short: z.boolean().default(false).describe('also report long-short / long-average returns (default false)'),
    ann_scaler: z.number().positive().default(252).describe('periods per year for the long-short annualisation (default 252)'),
    label_col: z.number().int().min(0).default(0).describe('label column index; only 0 (LABEL0) is stored (default 0)'),
    skip_existing: z.boolean().optional().describe('ignored (default false)'),
  })
  .describe('SigAnaRecord kwargs');

/**
 * Qlib's `SigAnaRecord`: daily IC (Pearson) and Rank IC (Spearman) of `pred` against `label`, their means
 * and IRs (no annualisation, as Qlib), optionally the long-short / long-average returns; saves the daily
 * series (`sig_analysis/ic.json`, `ric.json`, also logged as metric series `ic` / `ric`), logs the summary
 * metrics and prints them as Qlib's `pprint(metrics)`.
 */
export class SigAnaRecord implements WorkflowRecord {
  readonly name = 'SigAnaRecord';
  private readonly kwargs: z.output<typeof sigAnaKwargsSchema>;

  constructor(kwargs: Record<string, unknown>) {
    this.kwargs = parseOrThrow(sigAnaKwargsSchema, kwargs, {
      errorClass: WorkflowError,
      code: 'RECORD_INVALID',
      what: 'SigAnaRecord',
      hint: 'SigAnaRecord takes ana_long_short (bool) and ann_scaler (number)',
    });
  }

  async generate(ctx: RecordContext): Promise<void> {
    const pred = await ctx.store.loadPredictions(ctx.recorderId, RECORD_ARTIFACTS.pred);
    const label = await ctx.store.loadPredictions(ctx.recorderId, RECORD_ARTIFACTS.label);
    if (!ctx.provider)
      throw new WorkflowError('RECORD_INVALID', 'SigAnaRecord needs the data provider (for the calendar)', {
        hint: 'run it through taskTrain / the workflow runner',
      });
    const a = analyseSignal(ctx.provider, pred, label, { longShort: this.kwargs.ana_long_short, annScaler: this.kwargs.ann_scaler });
    await ctx.store.saveJson(ctx.recorderId, RECORD_ARTIFACTS.ic, a.ic);
    await ctx.store.saveJson(ctx.recorderId, RECORD_ARTIFACTS.ric, a.ric);
    await ctx.store.logMetricSeries(
      ctx.recorderId,
      'ic',
      a.ic.map(({ date, value }) => ({ step: date, value })),
    );
    await ctx.store.logMetricSeries(
      ctx.recorderId,
      'ric',
      a.ric.map(({ date, value }) => ({ step: date, value })),
    );
    await ctx.store.logMetrics(ctx.recorderId, a.metrics);
    ctx.report(`${pprintDict(a.metrics)}\n`);
  }
}
