import { Command, CommanderError } from '@commander-js/extra-typings';
import { isRollqError } from '@rollq/data/errors';

// The `rollq` program without its subcommands, and the runner that turns what a command throws into an exit
// code: shared by the whole CLI (main.ts) and the one-file backtest build (backtest-main.ts), which must not load
// the other commands.

/** A `rollq` program with the subcommands `register` adds. */
export function buildProgram(register: (program: Command) => void): Command {
  const program = new Command('rollq')
    .description('rollq: rolling model training, online serving and TopK-dropout backtests on Qlib-format data')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  register(program);
  return program;
}

/** Parses `argv` with `program` and runs the command it names, turning what it throws into an exit code (see main.ts's `main`). */
export async function runProgram(program: Command, argv: string[]): Promise<number> {
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
