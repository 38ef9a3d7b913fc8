import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REGION_DEFAULTS } from '@rollq/backtest';
import {
  alpha158,
  computeFeatures,
  computeFeaturesParallel,
  DEFAULT_LABEL,
  type FeatureSummaryRow,
  importUsDemoOnce,
  QlibProvider,
  RollqError,
  summarizeFeatures,
  toTable,
} from '@rollq/data';
import { writeFileAtomic } from '@rollq/data/node-fs';
import { OnlineManager, strategyFromWorkflow } from '@rollq/online';
import { loadWorkflowConfig, type Segment, TimeAdjuster } from '@rollq/rolling';
import { analyseSignal, formatColumnFrame, pprintDict, runPortfolioAnalysis } from '@rollq/workflow';
import { toCSV } from 'arquero';
import { endProgress, note, renderImportProgress, renderTrainProgress } from '../progress.js';
import { demoDataDir, EXAMPLE_WORKFLOWS, examplesDir } from '../shipped-files.js';
import { routeModelLogs } from './model-logs.js';
import { US_DATA_ENV } from './run-support.js';

/** The work of `rollq demo` (its options: ./demo.ts), loaded when the command runs. */

/** The demo's data: the shipped US S&P 500 panel, backtested with the us row of the region defaults. */
const REGION = 'us';

/** The demo's settings; every one is a CLI option so a user can shrink or grow the run. */
export interface DemoOptions {
  out: string;
  step: number;
  start: string;
  end: string;
  instruments: string;
  gbdtRounds: number;
  mlpSteps: number;
  mlpLayers: number[] | undefined;
}

/** Runs the demo's five steps (see ./demo.ts) with the checked options. */
export async function runDemo(o: DemoOptions): Promise<void> {
  routeModelLogs();
  const t0 = Date.now();
  const examples = examplesDir(); // before any work: a missing example folder fails at once
  const provider = await demoData(join(o.out, 'us_qlib'));
  const say = (s: string) => process.stdout.write(`${s}\n`);

  say(`\n== 1. data: ${provider.root}`);
  say(
    `calendar ${provider.calendar.first}..${provider.calendar.last} (${provider.calendar.length} days), ${provider.symbols().length} instruments, markets ${provider.markets().join(', ')}`,
  );

  say(`\n== 2. Alpha158 on ${o.instruments}, ${o.start}..${o.end}`);
  say(await featureSummary(provider, o));

  say(`\n== 3. online: two rolling strategies (GBDT, MLP), step ${o.step} days, first training at ${o.start}`);
  const stateDir = join(o.out, 'online');
  rmSync(stateDir, { recursive: true, force: true }); // the demo always starts a fresh online state
  // the shipped example workflows on the demo's market and period: the first test window starts at --start
  // and is `step` trading days long, SignalRecord only (evaluation belongs to the blended signal)
  const example = (file: string) => loadWorkflowConfig(join(examples, file), { env: { ...process.env, [US_DATA_ENV]: provider.root } });
  const window = {
    handler: { instruments: o.instruments, end_time: o.end },
    segments: { test: [o.start, firstWindowEnd(provider, o)] as Segment },
  };
  const strategies = [
    strategyFromWorkflow(example(EXAMPLE_WORKFLOWS.gbdt), {
      name: 'gbdt',
      step: o.step,
      overrides: { ...window, model: { num_boost_round: o.gbdtRounds, early_stopping_rounds: 20 } },
    }),
    strategyFromWorkflow(example(EXAMPLE_WORKFLOWS.mlp), {
      name: 'mlp',
      step: o.step,
      overrides: { ...window, model: { max_steps: o.mlpSteps, ...(o.mlpLayers ? { pt_model_kwargs: { layers: o.mlpLayers } } : {}) } },
    }),
  ];
  const opts = { provider, onProgress: renderTrainProgress };
  const tInit = Date.now();
  const manager = await OnlineManager.init(stateDir, { strategies, region: REGION, beginTime: o.start, blend: 'average' }, opts);
  endProgress();
  say(`first training of both strategies: ${seconds(tInit)} s`);

  say(`\n== 4. simulate daily routines ${o.start}..${o.end}`);
  const tSim = Date.now();
  const signals = await manager.simulate(o.start, o.end);
  endProgress();
  if (!signals) {
    throw new RollqError('DEMO_NO_SIGNALS', `the simulation of ${o.start}..${o.end} produced no signals`, {
      hint: 'give a longer online period (--start / --end) or more --instruments',
    });
  }
  say(`simulated ${manager.history().length - 1} routine days in ${seconds(tSim)} s (retraining included)`);
  const history = manager.history();
  for (const h of history) {
    const online = Object.entries(h.online)
      .map(([s, ids]) => `${s}: ${ids.length}`)
      .join(', ');
    const trained = Object.values(h.trained).flat().length;
    if (trained || h.kind !== 'simulate') say(`  #${h.index} ${h.time} ${h.kind.padEnd(11)} trained ${trained}, online ${online}`);
  }

  say(`\n== 5. blended signal (AverageEnsemble of per-day z-scores): ${signals.numRows()} rows`);
  const reportDir = join(o.out, 'report');
  mkdirSync(reportDir, { recursive: true });
  await writeFileAtomic(join(reportDir, 'signals.csv'), toCSV(signals));
  const labelFrame = computeFeatures(provider, { fields: [DEFAULT_LABEL], instruments: o.instruments, start: o.start, end: o.end });
  // the us row of the backtest defaults: TopK 50 / drop 5, 1e8 cash, ^GSPC, lots of 1 share, no price limit
  const bt = REGION_DEFAULTS[REGION];
  const sig = analyseSignal(provider, signals, toTable(labelFrame), { longShort: true, annScaler: bt.annScaler });
  say(pprintDict(sig.metrics));
  const pa = await runPortfolioAnalysis(provider, signals, {
    ic: sig,
    strategy: { ...bt.strategy },
    backtest: { start: o.start, end: o.end, account: bt.account, benchmark: bt.benchmark, exchange: { ...bt.exchange } },
  });
  say(`'benchmark return (${bt.benchmark})'\n${formatColumnFrame('risk', { ...pa.analysis.benchmark })}`);
  say(`'excess return without cost'\n${formatColumnFrame('risk', { ...pa.analysis.excess_return_without_cost })}`);
  say(`'excess return with cost'\n${formatColumnFrame('risk', { ...pa.analysis.excess_return_with_cost })}`);
  await writeFileAtomic(join(reportDir, 'report.csv'), pa.report.toCSV());
  await writeFileAtomic(join(reportDir, 'positions.csv'), pa.positions.toCSV());
  await writeFileAtomic(join(reportDir, 'report.html'), pa.html);
  say(`\nreport: ${join(reportDir, 'report.html')} (charts), report.csv, positions.csv, signals.csv`);
  say(`online state: ${stateDir} (continue with: npx rollq online routine --state ${stateDir})`);
  say(`demo finished in ${seconds(t0)} s`);
}

/**
 * Step 2's Alpha158 summary over the online period. Its frame lives only in here: kept in `runDemo`'s scope it
 * would stay alive (the suspended async function holds it) through the whole training and simulation.
 */
async function featureSummary(provider: QlibProvider, o: DemoOptions): Promise<string> {
  const tf = Date.now();
  const frame = await computeFeaturesParallel(provider, {
    fields: [...alpha158().features, ...alpha158().labels],
    instruments: o.instruments,
    start: o.start,
    end: o.end,
  });
  const head = `${frame.rowDate.length} rows x ${frame.columns.length} columns in ${((Date.now() - tf) / 1000).toFixed(1)} s`;
  return `${head}\n${formatFeatureSummary(summarizeFeatures(frame, ['KMID', 'ROC5', 'MA20', 'STD20', 'CORR20', 'RSQR60', 'VSTD20', 'LABEL0']))}`;
}

/** Whole seconds since `t` (a `Date.now()`), for the phase timings the demo prints. */
function seconds(t: number): string {
  return ((Date.now() - t) / 1000).toFixed(0);
}

/** The demo data in `dir`, imported on first use (into a temp folder renamed into place). */
async function demoData(dir: string): Promise<QlibProvider> {
  await importUsDemoOnce(dir, {
    dataDir: demoDataDir(),
    onProgress: renderImportProgress,
    onImport: (d) => note(`rollq demo: importing the shipped US data into ${d}`),
  });
  endProgress();
  return QlibProvider.open(dir);
}

/**
 * The last day of the first test window: `step` trading days from the start on the data's calendar, at most
 * the end. RollingGen makes the first window exactly this long whatever the template's test end, which only
 * bounds the tasks that follow it at the first training (an end before the next window's start: none).
 */
function firstWindowEnd(provider: QlibProvider, o: DemoOptions): string {
  const [, last] = new TimeAdjuster(provider.calendar).windowFrom(o.start, o.step);
  return last === null || last > o.end ? o.end : last;
}

/** The feature summary as a fixed-width table: name, then mean / std / min / max / NaN % in 5 digits. */
function formatFeatureSummary(rows: readonly FeatureSummaryRow[]): string {
  const head = `${'feature'.padEnd(9)}${['mean', 'std', 'min', 'max', 'NaN %'].map((h) => h.padStart(12)).join('')}`;
  const line = (r: FeatureSummaryRow) =>
    `${r.name.padEnd(9)}${[r.mean, r.std, r.min, r.max, r.nanPercent].map((x) => x.toPrecision(5).padStart(12)).join('')}`;
  return [head, ...rows.map(line)].join('\n');
}
