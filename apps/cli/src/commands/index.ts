import type { Command } from '@commander-js/extra-typings';
import { setTfBackendLog } from '@rollq/model';
import { tfBackendLine } from '../progress.js';
import { registerBacktest } from './backtest.js';
import { registerData } from './data.js';
import { registerDemo } from './demo.js';
import { registerFeatures } from './features.js';
import { registerOnline } from './online.js';
import { registerRolling } from './rolling.js';
import { registerRun } from './run.js';

/**
 * Adds every subcommand to the program (each command lives in its own module) and routes the libraries'
 * reports to the CLI's stderr lines (the TensorFlow.js backend note of @rollq/model).
 */
export function registerCommands(program: Command): void {
  setTfBackendLog(tfBackendLine);
  registerData(program);
  registerFeatures(program);
  registerRun(program);
  registerRolling(program);
  registerOnline(program);
  registerBacktest(program);
  registerDemo(program);
}
