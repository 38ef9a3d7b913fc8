import { Command, CommanderError } from '@commander-js/extra-typings';
import { isRollqError } from '@rollq/data/errors';
import { registerCommands } from './commands/index.js';

/** Builds the `rollq` program (exported for tests, which run it in-process). */
export function buildProgram(): Command {
  const program = new Command('rollq')
    .description('rollq: rolling model training, online serving and TopK-dropout backtests on Qlib-format data')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  return program;
}

/**
 * Runs the CLI with `argv` (as `process.argv`) and returns the exit code: 0 ok, 1 runtime failure,
 * 2 usage / configuration / input error (each rollq error's class says which: `e.exitCode`), 130
 * interrupted. Results go to stdout, logs and errors to stderr.
 */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return e.exitCode === 0 ? 0 : 2;
    }
    if (isRollqError(e)) {
      process.stderr.write(`rollq: error [${e.code}]: ${e.describe()}\n`);
      return e.exitCode;
    }
    process.stderr.write(`rollq: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}
