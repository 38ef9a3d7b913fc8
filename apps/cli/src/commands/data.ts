import { type Command, Option } from '@commander-js/extra-typings';
import { isoDay, nameList } from './option-parsers.js';

/** Registers `rollq data import` and `rollq data info`. */
export function registerData(program: Command): void {
  const data = program.command('data').description('Qlib-format data directories: import CSV data, show what a directory holds');
  registerImport(data);
  registerInfo(data);
}

function registerImport(data: Command): void {
  data
    .command('import')
    .description("Import daily CSV data into a Qlib data directory (Qlib's dump_bin dump_all / dump_update)")
    .requiredOption('--csv <path>', 'a .csv, a .csv.gz, or a folder of per-symbol CSV files (symbol = file name)')
    .requiredOption('--out <dir>', 'target Qlib data directory')
    .option('--symbol-field <column>', 'symbol column (default: first of symbol, Name, ticker, code)')
    .addOption(new Option('--symbol_field <column>').hideHelp())
    .option('--date-field <column>', 'date column (default: date, else Date)')
    .addOption(new Option('--date_field <column>').hideHelp())
    .option('--fields <list>', 'comma-separated columns to store (default: all but date and symbol)', nameList)
    .addOption(
      new Option('--mode <mode>', 'all: write a fresh directory; update: append new days')
        .choices(['all', 'update'] as const)
        .default('all' as const),
    )
    .option('--symbol <symbol>', 'treat a single-instrument file as this symbol (e.g. ^GSPC)')
    .option('--start <date>', 'keep rows on or after this date', isoDay('--start'))
    .option('--end <date>', 'keep rows on or before this date', isoDay('--end'))
    .option('--market <name>', 'also write instruments/<name>.txt listing the imported symbols')
    .addOption(
      new Option('--region <region>', "record the data's region in rollq.json: the defaults of rollq backtest (cn or us)").choices([
        'cn',
        'us',
      ] as const),
    )
    .action(async (o) => (await import('./data-action.js')).importAction(o));
}

function registerInfo(data: Command): void {
  data
    .command('info')
    .description('Show the calendar, instruments, markets, fields and size of a Qlib data directory')
    .requiredOption('--provider <dir>', 'Qlib data directory')
    .option('--json', 'print {"calendar":{"start","end","days"},"instruments":N,"markets":[...],"fields":[...]}')
    .action(async (o) => (await import('./data-action.js')).infoAction(o));
}
