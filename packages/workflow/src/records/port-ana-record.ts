import {
  BacktestConfig,
  ExchangeConfig,
  type ExchangeConfigInput,
  regionDefaults,
  TopkDropoutConfig,
  type TopkDropoutSettings,
} from '@rollq/backtest';
import { formatIssues, type InputIssue, inputIssues, parseOrThrow } from '@rollq/data';
import { z } from '@rollq/data/zod';
import type { ColumnTable } from 'arquero';
import { WorkflowError } from '../errors.js';
import { formatColumnFrame } from '../format.js';
import { analyseSignal, type DatedValue, type RiskTable, runPortfolioAnalysis, type SignalAnalysis } from './backtest-adapter.js';
import { camelCaseKeys, checkQlibKwargs } from './qlib-kwargs.js';
import { RECORD_ARTIFACTS, type RecordContext, type WorkflowRecord } from './record.js';

const strategySchema = z
  .strictObject({
    class: z.string().default('TopkDropoutStrategy').describe('strategy class; only TopkDropoutStrategy (default)'),
    module_path: z.string().optional().describe('ignored (default: none)'),
    // checked by @rollq/backtest's own TopkDropoutConfig in parsePortAnalysisConfig (Qlib names, camelCased)
    kwargs: z.record(z.string(), z.unknown()).default({}).describe('strategy kwargs: topk, n_drop, … (default: {})'),
  })
  .describe('{class, kwargs}');

const backtestSchema = z
  .strictObject({
    // Qlib's names for @rollq/backtest's BacktestConfig fields, with that schema's own checks and defaults
    start_time: BacktestConfig.shape.start,
    end_time: BacktestConfig.shape.end,
    account: BacktestConfig.shape.account,
    // Qlib's PortAnaRecord: SH000300 whatever the region (BacktestConfig's default; the demo instead backtests
    // US data against the us row's ^GSPC); a US workflow names its benchmark, as the shipped examples do
    benchmark: BacktestConfig.shape.benchmark,
    // checked by @rollq/backtest's own ExchangeConfig in parsePortAnalysisConfig; kept as given, since the
    // region's defaults go under it when the record runs
    exchange_kwargs: z.record(z.string(), z.unknown()).default({}).describe('exchange settings (default: Qlib benchmark costs)'),
    freq: z.string().optional().describe('only "day" is supported (default: day)'),
    verbose: z.boolean().optional().describe('ignored (default: false)'),
  })
  .describe('backtest settings');

/** Qlib's `port_analysis_config` as PortAnaRecord takes it: `{strategy, backtest}` (the kwargs inside are checked by {@link parsePortAnalysisConfig}). */
export const portAnalysisConfigSchema = z
  .strictObject({
    strategy: strategySchema.default({ class: 'TopkDropoutStrategy', kwargs: {} }),
    backtest: backtestSchema.default(backtestSchema.parse({})),
    executor: z.unknown().optional().describe('ignored: the daily simulator executor is always used'),
  })
  .describe('port_analysis_config: {strategy, backtest}');

/** PortAnaRecord kwargs: Qlib's `port_analysis_config` under `config`. */
export const portAnaKwargsSchema = z
  .strictObject({
    config: portAnalysisConfigSchema,
    risk_analysis_freq: z.unknown().optional().describe('ignored: day only'),
    indicator_analysis_freq: z.unknown().optional().describe('ignored: day only'),
  })
  .describe('PortAnaRecord kwargs');

/** A checked `port_analysis_config`, in @rollq/backtest's terms. */
export interface PortAnalysisSettings {
  /** TopkDropoutStrategy settings, every default applied. */
  strategy: TopkDropoutSettings;
  backtest: {
    start: string | null;
    end: string | null;
    account: number;
    benchmark: string | null;
    /** The workflow's exchange_kwargs only, camelCased: the region's defaults go under them at run time. */
    exchange: ExchangeConfigInput;
  };
}

const LAYOUT_HINT =
  'port_analysis_config has strategy {class: TopkDropoutStrategy, kwargs: {signal: <PRED>, topk, n_drop}} and backtest {start_time, end_time, account, benchmark, exchange_kwargs}';

/**
 * Checks a `port_analysis_config` as loading a workflow must, before any training: its layout, then the strategy
 * kwargs with @rollq/backtest's own `TopkDropoutConfig` and `exchange_kwargs` with its `ExchangeConfig` (Qlib's
 * snake_case names; `signal` is always the recorder's `<PRED>`). Every problem is reported in one
 * `CONFIG_INVALID` error as `<what>: <at>.field.path: problem`, e.g.
 * `PortAnaRecord: config.strategy.kwargs.topk: Too small: expected number to be >0`, with a hint that says
 * what the named kwargs hold.
 */
export function parsePortAnalysisConfig(value: unknown, opts: { at: readonly string[]; what: string }): PortAnalysisSettings {
  const fail = (issues: readonly InputIssue[], hint: string, details: Record<string, unknown> = {}) =>
    new WorkflowError('CONFIG_INVALID', `${opts.what}: ${formatIssues(issues)}`, { hint, details: { ...details, issues } });
  const layout = portAnalysisConfigSchema.safeParse(value);
  if (!layout.success) throw fail(inputIssues(layout.error.issues, opts.at), LAYOUT_HINT);
  const { strategy, backtest } = layout.data;
  const cls = strategy.class.replace(/^.*\./, '');
  if (cls !== 'TopkDropoutStrategy') {
    const issue: InputIssue = { kind: 'invalid', path: [...opts.at, 'strategy', 'class'], message: `"${strategy.class}" is not supported` };
    throw fail([issue], 'use TopkDropoutStrategy (the strategy of every Qlib benchmark workflow)', { class: strategy.class });
  }
  const { signal: _signal, ...strategyKwargs } = strategy.kwargs; // the signal is always <PRED>
  const s = checkQlibKwargs(TopkDropoutConfig, strategyKwargs, {
    at: [...opts.at, 'strategy', 'kwargs'],
    what: 'TopkDropoutStrategy',
    extra: ['signal'],
  });
  const x = checkQlibKwargs(ExchangeConfig, backtest.exchange_kwargs, {
    at: [...opts.at, 'backtest', 'exchange_kwargs'],
    what: 'exchange_kwargs',
  });
  if (!s.ok || !x.ok) {
    const failed = [s, x].filter((r) => !r.ok);
    throw fail(
      failed.flatMap((r) => r.issues),
      failed.map((r) => r.hint).join('; '),
    );
  }
  return {
    strategy: s.value,
    backtest: {
      start: backtest.start_time,
      end: backtest.end_time,
      account: backtest.account,
      benchmark: backtest.benchmark,
      exchange: camelCaseKeys(backtest.exchange_kwargs) as ExchangeConfigInput,
    },
  };
}

/**
 * Qlib's `PortAnaRecord`: backtest the recorder's `pred` with TopK-dropout (through @rollq/backtest), save
 * the daily report, the positions, the risk analysis and an HTML report, log
 * `1day.excess_return_{with,without}_cost.*` metrics, and print the three risk tables as Qlib does.
 */
export class PortAnaRecord implements WorkflowRecord {
  readonly name = 'PortAnaRecord';
  private readonly settings: PortAnalysisSettings;

  /** Checks every kwarg here (see {@link parsePortAnalysisConfig}), so a bad one fails before training. */
  constructor(kwargs: Record<string, unknown>) {
    // issue paths always start at `config` (the kwarg that holds port_analysis_config)
    const underConfig = (i: InputIssue): InputIssue => (i.path[0] === 'config' ? i : { ...i, path: ['config', ...i.path] });
    parseOrThrow(portAnaKwargsSchema, kwargs, {
      errorClass: WorkflowError,
      code: 'CONFIG_INVALID',
      what: 'PortAnaRecord',
      hint: LAYOUT_HINT,
      message: (issues) => `PortAnaRecord: ${formatIssues(issues.map(underConfig))}`,
    });
    this.settings = parsePortAnalysisConfig(kwargs.config, { at: ['config'], what: 'PortAnaRecord' });
  }

  async generate(ctx: RecordContext): Promise<void> {
    if (!ctx.provider) {
      throw new WorkflowError('RECORD_INVALID', 'PortAnaRecord needs the data provider for prices', {
        hint: 'run it through taskTrain / the workflow runner',
      });
    }
    const pred = await ctx.store.loadPredictions(ctx.recorderId, RECORD_ARTIFACTS.pred);
    const bt = this.settings.backtest;
    // the region's lot size and price limit (Qlib's `_default_region_config`), then the workflow's exchange_kwargs
    const exchange = { ...regionDefaults(ctx.region).exchange, ...bt.exchange };
    const res = await runPortfolioAnalysis(ctx.provider, pred, {
      strategy: this.settings.strategy,
      backtest: { ...bt, exchange },
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
