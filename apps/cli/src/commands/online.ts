import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { parseIsoDate, QlibProvider } from '@rollq/data';
import { writeFileAtomic } from '@rollq/data/node-fs';
import { OnlineError, OnlineManager, readState, STATE_FILE, type StrategyConfigInput, strategyFromWorkflow } from '@rollq/online';
import { toCSV } from 'arquero';
import { parseDocument } from 'yaml';
import { endProgress, renderTrainProgress } from '../progress.js';
import { isoDay, parseBlend, parseCanary, parseRollbackTarget, parseStep, parseStrategySpec as parseStrategy } from './option-parsers.js';
import { loadWorkflow, openProvider } from './run-support.js';

/** A strategy from a workflow file (its task, SignalRecord only, and the rolling step), and the workflow itself. */
function strategyFrom(
  name: string,
  workflow: string,
  step: number,
): { cfg: StrategyConfigInput; providerFrom: ReturnType<typeof loadWorkflow> } {
  const loaded = loadWorkflow(workflow);
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
  const dir = resolve(state);
  if (!existsSync(join(dir, STATE_FILE))) {
    throw new OnlineError('STATE_NOT_FOUND', `${dir} holds no online state (no ${STATE_FILE})`, {
      hint: 'create one with `rollq online init <workflow.yaml> --state <dir>`, or pass the --state folder init used',
    });
  }
  const { dataDir } = await readState(dir);
  const provider = dataDir !== null ? await QlibProvider.open(dataDir) : await openProvider(loadWorkflow(join(dir, 'workflow.yaml')));
  return OnlineManager.open(dir, { provider, onProgress: renderTrainProgress });
}

/**
 * Registers `rollq online`: init (first training), routine, simulate, signals, status and rollback over a
 * state folder (`state.json` + recorders), as Qlib's OnlineManager.
 */
export function registerOnline(program: Command): void {
  const online = program
    .command('online')
    .description('keep online models current: first train, daily routine, simulation, signals, rollback');

  online
    .command('init')
    .description('create a state folder and first-train the strategies')
    .argument('<workflow>', 'workflow YAML of the main strategy (its task and data)')
    .requiredOption('--state <dir>', 'state folder')
    .option('--name <name>', 'name of the main strategy', 'main')
    .option('--strategy <name=workflow.yaml...>', 'more strategies', (v, prev: Array<[string, string]> = []) => [...prev, parseStrategy(v)])
    .option('--step <n>', 'rolling step in trading days', parseStep, 20)
    .option('--begin <date>', 'manager time of the first training (default: the last data day)', isoDay('--begin'))
    .option('--blend <kind>', 'average | weighted', parseBlend, 'average' as const)
    .option('--canary <threshold>', 'only put a new model online if its valid IC >= the old one minus this', (v) => parseCanary(v))
    .action(async (workflow, o) => {
      // every option was checked by its parser, before anything is written or trained
      const { step, blend, begin } = o;
      const canary = o.canary ?? null;
      const dir = resolve(o.state);
      const main = strategyFrom(o.name, workflow, step);
      const others = (o.strategy ?? []).map(([n, w]) => strategyFrom(n, w, step).cfg);
      const provider = await openProvider(main.providerFrom);
      const m = await OnlineManager.init(
        dir,
        {
          strategies: [main.cfg, ...others],
          region: main.providerFrom.config.qlib_init.region,
          beginTime: begin,
          blend,
          canary,
          workflowYaml: workflowWithAbsoluteData(workflow, main.providerFrom),
        },
        { provider, onProgress: renderTrainProgress },
      );
      endProgress();
      await printStatus(m);
    });

  online
    .command('routine')
    .description('one routine: train due tasks, switch online models, extend predictions, blend signals')
    .requiredOption('--state <dir>', 'state folder')
    // checked by the manager (its message names the "routine date"), like the rest of the routine's input
    .option('--date <date>', 'manager time (default: the last data day)')
    .action(async (o) => {
      const m = await openManager(o.state);
      const t0 = Date.now();
      await m.routine(o.date);
      endProgress();
      process.stderr.write(`rollq: routine ${m.snapshot().curTime} in ${((Date.now() - t0) / 1000).toFixed(2)} s\n`);
      await printStatus(m);
    });

  online
    .command('simulate')
    .description('simulate daily routines over a date range (training delayed to the end)')
    .requiredOption('--state <dir>', 'state folder')
    .requiredOption('--start <date>', 'first day', isoDay('--start'))
    .requiredOption('--end <date>', 'last day', isoDay('--end'))
    .action(async (o) => {
      const m = await openManager(o.state);
      await m.simulate(o.start, o.end);
      endProgress();
      await printStatus(m);
    });

  online
    .command('signals')
    .description('write the blended signals as CSV')
    .requiredOption('--state <dir>', 'state folder')
    .option('--date <date>', 'only this day', isoDay('--date'))
    .requiredOption('--out <file>', 'CSV file to write')
    .action(async (o) => {
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
    });

  online
    .command('status')
    .description('online models per strategy, last routine, history length')
    .requiredOption('--state <dir>', 'state folder')
    .action(async (o) => printStatus(await openManager(o.state)));

  online
    .command('rollback')
    .description('restore the online set of a history entry (index, or the last entry on or before a date)')
    .requiredOption('--state <dir>', 'state folder')
    .requiredOption('--to <index|date>', 'history index or ISO date', parseRollbackTarget)
    .action(async (o) => {
      const target = o.to;
      const m = await openManager(o.state);
      const e = await m.rollback(target);
      process.stdout.write(`rolled back to history #${e.rollbackTo}\n`);
      await printStatus(m);
    });
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
