import type { Command } from '@commander-js/extra-typings';
import {
  isoDay,
  outputDir,
  outputFile,
  parseBlend,
  parseCanary,
  parseRollbackTarget,
  parseStep,
  parseStrategySpec as parseStrategy,
} from './option-parsers.js';
import { poolDriverOptions } from './task.js';

/**
 * Registers `rollq online`: init (first training), routine, simulate, signals, status and rollback over a
 * state folder (`state.json` + recorders), as Qlib's OnlineManager.
 */
export function registerOnline(program: Command): void {
  const online = program
    .command('online')
    .description('keep online models current: first train, daily routine, simulation, signals, rollback');

  poolDriverOptions(
    online
      .command('init')
      .description('create a state folder and first-train the strategies')
      .argument('<workflow>', 'workflow YAML of the main strategy (its task and data)')
      .requiredOption('--state <dir>', 'state folder', outputDir('--state'))
      .option('--name <name>', 'name of the main strategy', 'main')
      .option('--strategy <name=workflow.yaml...>', 'more strategies', (v, prev: Array<[string, string]> = []) => [
        ...prev,
        parseStrategy(v),
      ])
      .option('--step <n>', 'rolling step in trading days', parseStep, 20)
      .option('--begin <date>', 'manager time of the first training (default: the last data day)', isoDay('--begin'))
      .option('--blend <kind>', 'average | weighted', parseBlend, 'average' as const)
      .option('--canary <threshold>', 'only put a new model online if its valid IC >= the old one minus this', (v) => parseCanary(v)),
  ).action(async (workflow, o) => (await import('./online-action.js')).onlineInit(workflow, o));

  poolDriverOptions(
    online
      .command('routine')
      .description('one routine: train due tasks, switch online models, extend predictions, blend signals')
      .requiredOption('--state <dir>', 'state folder')
      // checked by the manager (its message names the "routine date"), like the rest of the routine's input
      .option('--date <date>', 'manager time (default: the last data day)'),
  ).action(async (o) => (await import('./online-action.js')).onlineRoutine(o));

  poolDriverOptions(
    online
      .command('simulate')
      .description('simulate daily routines over a date range (training delayed to the end)')
      .requiredOption('--state <dir>', 'state folder')
      .requiredOption('--start <date>', 'first day', isoDay('--start'))
      .requiredOption('--end <date>', 'last day', isoDay('--end')),
  ).action(async (o) => (await import('./online-action.js')).onlineSimulate(o));

  online
    .command('signals')
    .description('write the blended signals as CSV')
    .requiredOption('--state <dir>', 'state folder')
    .option('--date <date>', 'only this day', isoDay('--date'))
    .requiredOption('--out <file>', 'CSV file to write', outputFile('--out'))
    .action(async (o) => (await import('./online-action.js')).onlineSignals(o));

  online
    .command('status')
    .description('online models per strategy, last routine, history length')
    .requiredOption('--state <dir>', 'state folder')
    .action(async (o) => (await import('./online-action.js')).onlineStatus(o));

  online
    .command('rollback')
    .description('restore the online set of a history entry (index, or the last entry on or before a date)')
    .requiredOption('--state <dir>', 'state folder')
    .requiredOption('--to <index|date>', 'history index or ISO date', parseRollbackTarget)
    .action(async (o) => (await import('./online-action.js')).onlineRollback(o));
}
