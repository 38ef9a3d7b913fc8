import type { Command } from '@commander-js/extra-typings';
import { registerBacktest } from './backtest.js';
import { registerData } from './data.js';
import { registerDemo } from './demo.js';
import { registerFeatures } from './features.js';
import { registerOnline } from './online.js';
import { registerRecorder } from './recorder.js';
import { registerRolling } from './rolling.js';
import { registerRun } from './run.js';
import { registerServe } from './serve.js';
import { registerTask } from './task.js';
import { registerUser } from './user.js';
import { registerWorker } from './worker.js';

/**
 * Adds every subcommand to the program. Each command lives in two modules: `<name>.ts` declares it (name,
 * arguments, options, descriptions, defaults, option parsers) and loads only commander, the option parsers
 * and `@rollq/data/errors`, so `rollq --help`, `rollq <cmd> --help` and a bad option answer at once;
 * `<name>-action.ts` does the work and is loaded with `await import()` when the command runs (with the
 * libraries it needs: TensorFlow.js, LightGBM / XGBoost, arquero, vega). The actions that touch models
 * route @rollq/model's reports to the CLI's stderr lines (./model-logs.ts). startup.test.ts checks that
 * building the program loads none of the heavy libraries.
 */
export function registerCommands(program: Command): void {
  registerData(program);
  registerFeatures(program);
  registerRun(program);
  registerRolling(program);
  registerRecorder(program);
  registerOnline(program);
  registerBacktest(program);
  registerDemo(program);
  registerTask(program);
  registerWorker(program);
  registerServe(program);
  registerUser(program);
}
