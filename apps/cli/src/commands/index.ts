import type { Command } from '@commander-js/extra-typings';
import { setLightGBMLog, setTfBackendLog } from '@rollq/model';
import { modelLine } from '../progress.js';
import { registerBacktest } from './backtest.js';
import { registerData } from './data.js';
import { registerDemo } from './demo.js';
import { registerFeatures } from './features.js';
import { registerOnline } from './online.js';
import { registerRolling } from './rolling.js';
import { registerRun } from './run.js';

/**
 * Adds every subcommand to the program (each command lives in its own module) and routes the libraries'
 * reports to the CLI's stderr lines (@rollq/model's TensorFlow.js backend and LightGBM engine notes).
 */
export function registerCommands(program: Command): void {
  setTfBackendLog(modelLine);
  setLightGBMLog(modelLine);
  registerData(program);
  registerFeatures(program);
  registerRun(program);
  registerRolling(program);
  registerOnline(program);
  registerBacktest(program);
  registerDemo(program);
}
