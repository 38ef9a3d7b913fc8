import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { QlibProvider } from '@rollq/data';
import { writeFileAtomic } from '@rollq/data/node-fs';
import {
  OnlineError,
  OnlineManager,
  type OnlineManagerOptions,
  readRoutineLog,
  readState,
  STATE_FILE,
  type StrategyConfigInput,
  stateStoreLocation,
  strategyFromWorkflow,
} from '@rollq/online';
import type { SignalAlert } from '@rollq/serve';
import { validateWorkflow } from '@rollq/workflow';
import { toCSV } from 'arquero';
import { parseDocument } from 'yaml';
import { endProgress, renderTrainProgress } from '../progress.js';
import { routeModelLogs } from './model-logs.js';
import type { BLENDS } from './option-parsers.js';
import { openPoolDriver, type PoolDriver, type PoolDriverOptions } from './pool-support.js';
import { loadWorkflow, openProvider } from './run-support.js';

/** The work of the `rollq online` subcommands (their options: ./online.ts), loaded when one runs. */

/** A strategy from a workflow file (its task, SignalRecord only, and the rolling step), and the workflow itself. */
function strategyFrom(
  name: string,
  workflow: string,
  step: number,
): { cfg: StrategyConfigInput; providerFrom: ReturnType<typeof loadWorkflow> } {
  const loaded = loadWorkflow(workflow);
  // checked as `rollq run` checks it (model, records, port_analysis_config kwargs): a typo fails here, not after training
  validateWorkflow(loaded.config, { file: loaded.path });
  return { cfg: strategyFromWorkflow(loaded, { name, step }), providerFrom: loaded };
}

/**
 * The main workflow's text with `qlib_init.provider_uri` replaced by the folder it resolved to: the copy
 * lives in the state folder, where a relative path or `${ROLLQ_US_DATA}` (defaulted from the current
 * folder) would point somewhere else.
 */
function workflowWithAbsoluteData(path: string, loaded: ReturnType<typeof loadWorkflow>): string {
  const doc = parseDocument(readFileSync(path, 'utf8'));
  doc.setIn(['qlib_init', 'provider_uri'], loaded.config.qlib_init.provider_uri);
  return doc.toString();
}

/** Opens the manager of a state folder, on the data folder its state names (older states: the workflow kept beside it). */
async function openManager(state: string): Promise<OnlineManager> {
  return (await openManagerWith(state)).m;
}

/**
 * {@link openManager}, training through the task pool of `--mongo` / `--pool` when given (the recorders go to
 * the state's store, which the pool records for workers elsewhere); `close` ends the pool's connections.
 */
async function openManagerWith(state: string, pool?: PoolDriverOptions): Promise<{ m: OnlineManager; close: () => Promise<void> }> {
  routeModelLogs();
  const dir = resolve(state);
  if (!existsSync(join(dir, STATE_FILE))) {
    throw new OnlineError('STATE_NOT_FOUND', `${dir} holds no online state (no ${STATE_FILE})`, {
      hint: 'create one with `rollq online init <workflow.yaml> --state <dir>`, or pass the --state folder init used',
    });
  }
  const st = await readState(dir);
  const provider = st.dataDir !== null ? await QlibProvider.open(st.dataDir) : await openProvider(loadWorkflow(join(dir, 'workflow.yaml')));
  const driver = pool
    ? await openPoolDriver(pool, { provider, region: st.region, storeLocation: stateStoreLocation(dir, st.store) })
    : null;
  try {
    const m = await OnlineManager.open(dir, { provider, onProgress: renderTrainProgress, ...(await pooled(driver)) });
    return { m, close: async () => driver?.close() };
  } catch (e) {
    await driver?.close();
    throw e;
  }
}

/** The manager parts of a pool driver: its store and pool trainers (TrainerRM, DelayTrainerRM for simulate). */
async function pooled(driver: PoolDriver | null): Promise<Partial<OnlineManagerOptions>> {
  if (!driver) return {};
  const { poolTrainers } = await import('@rollq/online/mongo');
  return { store: driver.store, trainerFactory: poolTrainers(driver.trainerOptions) };
}

/** `rollq online init` options as commander hands them over, every value already checked. */
export interface InitOptions extends PoolDriverOptions {
  state: string;
  name: string;
  strategy?: Array<[string, string]>;
  step: number;
  begin?: string;
  blend: (typeof BLENDS)[number];
  canary?: { threshold: number } | null;
}

/** Runs `rollq online init <workflow>`: creates the state folder and first-trains every strategy. */
export async function onlineInit(workflow: string, o: InitOptions): Promise<void> {
  routeModelLogs();
  // every option was checked by its parser, before anything is written or trained
  const { step, blend, begin } = o;
  const canary = o.canary ?? null;
  const dir = resolve(o.state);
  const main = strategyFrom(o.name, workflow, step);
  const others = (o.strategy ?? []).map(([n, w]) => strategyFrom(n, w, step).cfg);
  const provider = await openProvider(main.providerFrom);
  const region = main.providerFrom.config.qlib_init.region;
  // with --mongo the state's recorders live in the MongoDB store on the pool's server, where every worker writes
  const driver = await openPoolDriver(o, { provider, region });
  try {
    const m = await OnlineManager.init(
      dir,
      {
        strategies: [main.cfg, ...others],
        region,
        beginTime: begin,
        blend,
        canary,
        workflowYaml: workflowWithAbsoluteData(workflow, main.providerFrom),
        ...(o.mongo ? { store: o.mongo } : {}),
      },
      { provider, onProgress: renderTrainProgress, ...(await pooled(driver)) },
    );
    endProgress();
    await printStatus(m);
  } finally {
    await driver?.close();
  }
}

/** Runs `rollq online routine`: one routine at `--date` (default: the last data day). */
export async function onlineRoutine(o: { state: string; date?: string } & PoolDriverOptions): Promise<void> {
  const { m, close } = await openManagerWith(o.state, o);
  try {
    const t0 = Date.now();
    await m.routine(o.date);
    endProgress();
    process.stderr.write(`rollq: routine ${m.snapshot().curTime} in ${((Date.now() - t0) / 1000).toFixed(2)} s\n`);
    await printStatus(m);
  } finally {
    await close();
  }
}

/** Runs `rollq online simulate`: the daily routines of `--start`..`--end`. */
export async function onlineSimulate(o: { state: string; start: string; end: string } & PoolDriverOptions): Promise<void> {
  const { m, close } = await openManagerWith(o.state, o);
  try {
    await m.simulate(o.start, o.end);
    endProgress();
    await printStatus(m);
  } finally {
    await close();
  }
}

/** Runs `rollq online signals`: writes the blended signals (all days, or `--date`) as CSV. */
export async function onlineSignals(o: { state: string; date?: string; out: string }): Promise<void> {
  const date = o.date;
  const m = await openManager(o.state);
  const all = await m.getSignals();
  if (!all) {
    throw new OnlineError('SIGNALS_NOT_FOUND', `${resolve(o.state)} has no signals yet`, {
      hint: `run \`rollq online routine --state ${o.state}\` (or simulate) first`,
    });
  }
  const s = date === undefined ? all : await m.getSignals(date);
  if (!s || s.numRows() === 0) {
    const dt = all.array('datetime') as ArrayLike<string>;
    throw new OnlineError(
      'SIGNALS_NOT_FOUND',
      `no signals on ${date} (the signals cover ${dt[0]}..${dt[dt.length - 1]}, trading days only)`,
      {
        hint: 'pick a trading day in that range, or leave out --date for all days',
      },
    );
  }
  mkdirSync(dirname(resolve(o.out)), { recursive: true });
  await writeFileAtomic(resolve(o.out), toCSV(s));
  process.stderr.write(`rollq: wrote ${s.numRows()} signal rows to ${o.out}\n`);
}

/** Runs `rollq online status`. */
export async function onlineStatus(o: { state: string }): Promise<void> {
  await printStatus(await openManager(o.state));
  await printLastRun(resolve(o.state));
  await printLastAlerts(resolve(o.state));
}

/** The outcome of the last routine / simulate of the state's routine log, when one was logged. */
async function printLastRun(dir: string): Promise<void> {
  const r = (await readRoutineLog(dir, { last: 1 })).at(-1);
  if (!r) return;
  const what = `${r.kind} ${r.date ?? '-'} at ${r.at}, ${(r.durationMs / 1000).toFixed(1)} s, commit ${r.commit}`;
  const why = r.outcome === 'failed' ? `: ${r.code ? `${r.code}: ` : ''}${r.message ?? ''}${r.hint ? ` (hint: ${r.hint})` : ''}` : '';
  process.stdout.write(`last run ${r.outcome} (${what})${why}\n`);
}

/** The last signal alerts `rollq serve` raised on this state (its default alert log), when there are any. */
async function printLastAlerts(dir: string, n = 3): Promise<void> {
  // loaded only here: the other online commands do not pay for the HTTP server stack
  const { defaultServeConfig, parseAuditLog } = await import('@rollq/serve');
  const path = join(dir, defaultServeConfig().monitor.alertsLog);
  if (!existsSync(path)) return;
  const alerts = parseAuditLog<SignalAlert>(readFileSync(path, 'utf8')).slice(-n);
  if (alerts.length === 0) return;
  process.stdout.write(`last alerts (${path}):\n${alerts.map((a) => `  ${a.date}  ${a.kind}  ${a.message}`).join('\n')}\n`);
}

/** Runs `rollq online rollback`: restores the online set of a history entry. */
export async function onlineRollback(o: { state: string; to: number | string }): Promise<void> {
  const target = o.to;
  const m = await openManager(o.state);
  const e = await m.rollback(target);
  process.stdout.write(`rolled back to history #${e.rollbackTo}\n`);
  await printStatus(m);
}

async function printStatus(m: OnlineManager): Promise<void> {
  const s = await m.status();
  const lines = [`time ${s.curTime}  last routine ${s.lastRoutine ?? '-'}  history ${s.history}  signals to ${s.signalsTo ?? '-'}`];
  for (const st of s.strategies) {
    lines.push(`strategy ${st.name}: ${st.online.length} online of ${st.recorders} recorders`);
    for (const o of st.online) lines.push(`  ${o.id}  ${o.modelClass}  test ${o.test?.[0] ?? '…'}..${o.test?.[1] ?? '…'}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
