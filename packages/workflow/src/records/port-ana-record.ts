import { REGION_DEFAULTS, regionDefaults } from '@rollq/backtest';
import { formatIssues, type InputIssue, parseOrThrow } from '@rollq/data';
import { z } from '@rollq/data/zod';
import type { ColumnTable } from 'arquero';
import { WorkflowError } from '../errors.js';
import { formatColumnFrame } from '../format.js';
import { analyseSignal, type DatedValue, type RiskTable, runPortfolioAnalysis, type SignalAnalysis } from './backtest-adapter.js';
import { camelCaseKeys } from './qlib-kwargs.js';
import { RECORD_ARTIFACTS, type RecordContext, type WorkflowRecord } from './record.js';

const strategySchema = z
  .strictObject({
    class: z.string().default('TopkDropoutStrategy').describe('strategy class; only TopkDropoutStrategy (default)'),
    module_path: z.string().optional().describe('ignored (default: none)'),
    kwargs: z.record(z.string(), z.unknown()).default({}).describe('strategy kwargs: topk, n_drop, … (default: {})'),
  })
  .describe('{class, kwargs}');

const backtestSchema = z
  .strictObject({
    start_time: z.string().nullable().default(null).describe('first trading day (default: first prediction date)'),
    end_time: z.string().nullable().default(null).describe('last trading day (default: last prediction date minus one day)'),
    account: z.number().positive().default(REGION_DEFAULTS.cn.account).describe('initial cash (default 100000000)'),
    // Qlib's PortAnaRecord: SH000300 whatever the region (the demo instead backtests US data against the
    // us row's ^GSPC); a US workflow names its benchmark, as the shipped examples do
    benchmark: z.string().nullable().default(REGION_DEFAULTS.cn.benchmark).describe('benchmark symbol (default SH000300)'),
    exchange_kwargs: z.record(z.string(), z.unknown()).default({}).describe('exchange settings (default: Qlib benchmark costs)'),
    freq: z.string().optional().describe('only "day" is supported (default: day)'),
    verbose: z.boolean().optional().describe('ignored (default: false)'),
  })
  .describe('backtest settings');

/** PortAnaRecord kwargs: Qlib's `port_analysis_config` under `config`. */
export const portAnaKwargsSchema = z
  .strictObject({
    config: z
      .strictObject({
        strategy: strategySchema.default({ class: 'TopkDropoutStrategy', kwargs: {} }),
        backtest: backtestSchema.default(backtestSchema.parse({})),
        executor: z.unknown().optional().describe('ignored: the daily simulator executor is always used'),
      })
      .describe('port_analysis_config: {strategy, backtest}'),
    risk_analysis_freq: z.unknown().optional().describe('ignored: day only'),
    indicator_analysis_freq: z.unknown().optional().describe('ignored: day only'),
  })
  .describe('PortAnaRecord kwargs');

/**
 * Qlib's `PortAnaRecord`: backtest the recorder's `pred` with TopK-dropout (through @rollq/backtest), save
 * the daily report, the positions, the risk analysis and an HTML report, log
 * `1day.excess_return_{with,without}_cost.*` metrics, and print the three risk tables as Qlib does.
 */
export class PortAnaRecord implements WorkflowRecord {
  readonly name = 'PortAnaRecord';
  private readonly config: z.output<typeof portAnaKwargsSchema>['config'];

  constructor(kwargs: Record<string, unknown>) {
    // issue paths always start at `config` (the kwarg that holds port_analysis_config)
    const underConfig = (i: InputIssue): InputIssue => (i.path[0] === 'config' ? i : { ...i, path: ['config', ...i.path] });
    this.config = parseOrThrow(portAnaKwargsSchema, kwargs, {
      errorClass: WorkflowError,
      code: 'RECORD_INVALID',
      what: 'PortAnaRecord',
      hint: 'port_analysis_config has strategy {class, kwargs: {signal: <PRED>, topk, n_drop}} and backtest {start_time, end_time, account, benchmark, exchange_kwargs}',
      message: (issues) => `PortAnaRecord: ${formatIssues(issues.map(underConfig))}`,
    }).config;
    if (this.config.strategy.class.replace(/^.*\./, '') !== 'TopkDropoutStrategy') {
      throw new WorkflowError('RECORD_INVALID', `PortAnaRecord: strategy class "${this.config.strategy.class}" is not supported`, {
        hint: 'use TopkDropoutStrategy (the strategy of every Qlib benchmark workflow)',
      });
    }
  }

  async generate(ctx: RecordContext): Promise<void> {
    if (!ctx.provider) {
      throw new WorkflowError('RECORD_INVALID', 'PortAnaRecord needs the data provider for prices', {
        hint: 'run it through taskTrain / the workflow runner',
      });
    }
    const pred = await ctx.store.loadPredictions(ctx.recorderId, RECORD_ARTIFACTS.pred);
    const { signal: _signal, ...strategyKwargs } = this.config.strategy.kwargs; // the signal is always <PRED>
    const bt = this.config.backtest;
    // the region's lot size and price limit (Qlib's `_default_region_config`), then the workflow's exchange_kwargs
    const exchange = { ...regionDefaults(ctx.region).exchange, ...(camelCaseKeys(bt.exchange_kwargs) as Record<string, unknown>) };
    const res = await runPortfolioAnalysis(ctx.provider, pred, {
      strategy: camelCaseKeys(strategyKwargs) as Record<string, unknown>,
      backtest: { start: bt.start_time, end: bt.end_time, account: bt.account, benchmark: bt.benchmark, exchange },
      ic: await signalIc(ctx, pred),
    });
    await saveTable(ctx, RECORD_ARTIFACTS.report, res.report);
    await saveTable(ctx, RECORD_ARTIFACTS.positions, res.positions);
    await ctx.store.saveJson(ctx.recorderId, RECORD_ARTIFACTS.portAnalysis, res.analysis);
    await ctx.store.saveArtifact(ctx.recorderId, RECORD_ARTIFACTS.html, new TextEncoder().encode(res.html));
    const metrics: Record<string, number> = {};
    for (const key of ['excess_return_without_cost', 'excess_return_with_cost'] as const) {
      for (const [k, v] of Object.entries(res.analysis[key])) metrics[`1day.${key}.${k}`] = v;
    }
    await ctx.store.logMetrics(ctx.recorderId, metrics);
    ctx.report(formatRisk('benchmark return', res.analysis.benchmark));
    ctx.report(formatRisk('the excess return without cost', res.analysis.excess_return_without_cost));
    ctx.report(formatRisk('the excess return with cost', res.analysis.excess_return_with_cost));
  }
}

/**
 * The signal's daily IC for the report's IC chart: the series SigAnaRecord stored when it ran (it comes first
 * in Qlib's record order), else computed from the labels SignalRecord stored, else undefined (no chart).
 */
async function signalIc(ctx: RecordContext, pred: ColumnTable): Promise<Pick<SignalAnalysis, 'ic' | 'ric'> | undefined> {
  const artifacts = await ctx.store.listArtifacts(ctx.recorderId);
  if (artifacts.includes(RECORD_ARTIFACTS.ic) && artifacts.includes(RECORD_ARTIFACTS.ric)) {
    const [ic, ric] = await Promise.all([
      ctx.store.loadJson(ctx.recorderId, RECORD_ARTIFACTS.ic),
      ctx.store.loadJson(ctx.recorderId, RECORD_ARTIFACTS.ric),
    ]);
    return { ic: ic as DatedValue[], ric: ric as DatedValue[] };
  }
  if (!artifacts.some((a) => a.startsWith(RECORD_ARTIFACTS.label))) return undefined;
  const label = await ctx.store.loadPredictions(ctx.recorderId, RECORD_ARTIFACTS.label);
  return analyseSignal(ctx.provider!, pred, label, { longShort: false, annScaler: regionDefaults(ctx.region).annScaler });
}

function formatRisk(what: string, table: RiskTable): string {
  return `'The following are analysis results of ${what}(1day).'\n${formatColumnFrame('risk', { ...table })}\n`;
}

/** Report / positions tables are saved as CSV: readable in any spreadsheet, and small. */
async function saveTable(ctx: RecordContext, name: string, t: ColumnTable): Promise<void> {
  await ctx.store.saveArtifact(ctx.recorderId, `${name}.csv`, new TextEncoder().encode(t.toCSV()));
}
