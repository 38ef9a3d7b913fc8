import type { Command } from '@commander-js/extra-typings';
import { registerCommands } from './commands/index.js';
import { buildProgram as buildWith, runProgram } from './program.js';

/** Builds the `rollq` program with every subcommand (exported for tests, which run it in-process). */
export function buildProgram(): Command {
  return buildWith(registerCommands);
}

/**
 * Runs the CLI with `argv` (as `process.argv`) and returns the exit code: 0 ok, 1 runtime failure,
 * 2 usage / configuration / input error (each rollq error's class says which: `e.exitCode`), 130
 * interrupted. Results go to stdout, logs and errors to stderr.
 */
export function main(argv: string[]): Promise<number> {
  return runProgram(buildProgram(), argv);
}
