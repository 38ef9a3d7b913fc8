import { Command, CommanderError } from '@commander-js/extra-typings';
import { isRollqError } from '@rollq/data';
import { registerCommands } from './commands/index.js';

/** Error codes that mean "the input or configuration is wrong" (exit 2); anything else exits 1. */
const USAGE_CODES = /(_INVALID|_SYNTAX|_UNKNOWN_OPERATOR|_ARGUMENT|_NOT_FOUND|_OUT_OF_RANGE|CONFIG_)/;

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
 * 2 usage / configuration / input error, 130 interrupted. Results go to stdout, logs and errors to stderr.
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
      return USAGE_CODES.test(e.code) ? 2 : 1;
    }
    process.stderr.write(`rollq: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}
