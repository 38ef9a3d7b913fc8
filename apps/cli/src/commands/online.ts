import type { Command } from '@commander-js/extra-typings';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { toCSV } from 'arquero';
import { OnlineManager, splitRecords, writeFileAtomic, type StrategyConfigInput, type TrainProgress } from '@rollq/online';
import { finishProgress, loadWorkflow, openProvider, renderProgress } from './run-support.js';

/** Env var that makes a step throw after training, before it commits (crash-repair drills). */
const CRASH_ENV = 'ROLLQ_ONLINE_CRASH_AFTER_TRAIN';

function renderTrain(p: TrainProgress): void {
  if (p.kind === 'train-task') {
    finishProgress();
    const test = p.task?.dataset?.kwargs?.segments?.test;
    process.stderr.write(`train ${p.experiment}: task ${p.index} of ${p.total}${test ? ` (test ${test[0] ?? '…'}..${test[1] ?? '…'})` : ''}\n`);
    return;
  }
  renderProgress(p);
}

/** A strategy from a workflow file: its task (SignalRecord only: evaluation records belong to the blend) and rolling step. */
function strategyFrom(name: string, workflow: string, step: number): { cfg: StrategyConfigInput; providerFrom: ReturnType<typeof loadWorkflow> } {
  const loaded = loadWorkflow(workflow);
  const { signal } = splitRecords(loaded.config.task);
  return { cfg: { name, template: [{ ...loaded.config.task, record: signal }], rolling: { step } }, providerFrom: loaded };
}

function parseStrategy(spec: string): [string, string] {
  const i = spec.indexOf('=');
  if (i <= 0) throw new Error(`--strategy "${spec}": expected name=workflow.yaml`);
  return [spec.slice(0, i), spec.slice(i + 1)];
}

/** Opens the manager of a state folder, with the data of the workflow `init` copied there. */
async function openManager(state: string): Promise<OnlineManager> {
  const dir = resolve(state);
  const loaded = loadWorkflow(defaultWorkflowFor(dir));
  return OnlineManager.open(dir, { provider: await openProvider(loaded), onProgress: renderTrain, crashAfterTrain: process.env[CRASH_ENV] === '1' });
}

/** The workflow file `online init` used, remembered beside the state (it names the data folder). */
function defaultWorkflowFor(dir: string): string {
  return resolve(dir, 'workflow.yaml');
}

/**
 * Registers `rollq online`: init (first training), routine, simulate, signals, status and rollback over a
 * state folder (`state.json` + recorders), as Qlib's OnlineManager.
 */
export function registerOnline(program: Command): void {
  const online = program.command('online').description('keep online models current: first train, daily routine, simulation, signals, rollback');

  online
    .command('init')
    .description('create a state folder and first-train the strategies')
    .argument('<workflow>', 'workflow YAML of the main strategy (its task and data)')
    .requiredOption('--state <dir>', 'state folder')
    .option('--name <name>', 'name of the main strategy', 'main')
    .option('--strategy <name=workflow.yaml...>', 'more strategies')
    .option('--step <n>', 'rolling step in trading days', '20')
    .option('--begin <date>', 'manager time of the first training (default: the last data day)')
    .option('--blend <kind>', 'average | weighted', 'average')
    .option('--canary <threshold>', 'only put a new model online if its valid IC >= the old one minus this')
    .action(async (workflow, o) => {
      const step = Number(o.step);
      const main = strategyFrom(o.name, workflow, step);
      const others = (o.strategy ?? []).map((s) => parseStrategy(s)).map(([n, w]) => strategyFrom(n, w, step).cfg);
      const dir = resolve(o.state);
      mkdirSync(dir, { recursive: true });
      await writeFileAtomic(defaultWorkflowFor(dir), readFileSync(workflow));
      const provider = await openProvider(main.providerFrom);
      const m = await OnlineManager.init(
        dir,
        {
          strategies: [main.cfg, ...others],
          region: main.providerFrom.config.qlib_init.region,
          beginTime: o.begin,
          blend: o.blend as 'average' | 'weighted',
          canary: o.canary === undefined ? null : { threshold: Number(o.canary) },
        },
        { provider, onProgress: renderTrain, crashAfterTrain: process.env[CRASH_ENV] === '1' },
      );
      finishProgress();
      await printStatus(m);
    });

  online
    .command('routine')
    .description('one routine: train due tasks, switch online models, extend predictions, blend signals')
    .requiredOption('--state <dir>', 'state folder')
    .option('--date <date>', 'manager time (default: the last data day)')
    .action(async (o) => {
      const m = await openManager(o.state);
      const t0 = Date.now();
      await m.routine(o.date);
      finishProgress();
      process.stderr.write(`rollq: routine ${m.snapshot().curTime} in ${((Date.now() - t0) / 1000).toFixed(2)} s\n`);
      await printStatus(m);
    });

  online
    .command('simulate')
    .description('simulate daily routines over a date range (training delayed to the end)')
    .requiredOption('--state <dir>', 'state folder')
    .requiredOption('--start <date>', 'first day')
    .requiredOption('--end <date>', 'last day')
    .action(async (o) => {
      const m = await openManager(o.state);
      await m.simulate(o.start, o.end);
      finishProgress();
      await printStatus(m);
    });

  online
    .command('signals')
    .description('write the blended signals as CSV')
    .requiredOption('--state <dir>', 'state folder')
    .option('--date <date>', 'only this day')
    .requiredOption('--out <file>', 'CSV file to write')
    .action(async (o) => {
      const m = await openManager(o.state);
      const s = await m.getSignals(o.date);
      if (!s) throw new Error('no signals yet: run `rollq online routine --state …` first');
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
    .requiredOption('--to <index|date>', 'history index or ISO date')
    .action(async (o) => {
      const m = await openManager(o.state);
      const e = await m.rollback(/^\d+$/.test(o.to) ? Number(o.to) : o.to);
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
  process.stdout.write(lines.join('\n') + '\n');
}
