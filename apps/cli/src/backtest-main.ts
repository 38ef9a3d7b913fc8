import { registerBacktest } from './commands/backtest.js';
import { buildProgram, runProgram } from './program.js';

/**
 * `rollq backtest` alone: the entry of dist/backtest.cjs, the one-file CommonJS build that bin/rollq.js runs
 * for that command (from V8's code cache, see scripts/code-cache.mjs). A backtest takes a few hundred
 * milliseconds, so loading its ~15 ES modules (~25 ms) and compiling their functions (~15 ms) weighed a fifth
 * of it. The program holds only the backtest command: `rollq backtest …`, its `--help` and its option errors
 * read as from the whole CLI.
 */
export function main(argv: string[]): Promise<number> {
  return runProgram(buildProgram(registerBacktest), argv);
}
