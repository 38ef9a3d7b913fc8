import type { Command } from '@commander-js/extra-typings';
import { registerBacktest } from './backtest.js';
import { registerData } from './data.js';
import { registerDemo } from './demo.js';
import { registerFeatures } from './features.js';
import { registerOnline } from './online.js';
import { registerRolling } from './rolling.js';
import { registerRun } from './run.js';

/** Adds every subcommand to the program. Each command lives in its own module. */
export function registerCommands(program: Command): void {
  registerData(program);
  registerFeatures(program);
  registerRun(program);
  registerRolling(program);
  registerOnline(program);
  registerBacktest(program);
  registerDemo(program);
}
