import { type Command, Option } from '@commander-js/extra-typings';
import { type ImportResult, importCsv, QlibProvider } from '@rollq/data';
import { csvImportProgress, endProgress } from '../progress.js';
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
    .action(async (o) => {
      let result: ImportResult;
      try {
        result = await importCsv({
          csv: o.csv,
          out: o.out,
          symbolField: o.symbolField ?? o.symbol_field,
          dateField: o.dateField ?? o.date_field,
          fields: o.fields?.length ? o.fields : undefined, // `--fields ''`: every column, as no --fields
          mode: o.mode,
          symbol: o.symbol,
          start: o.start,
          end: o.end,
          market: o.market,
          onProgress: csvImportProgress(),
        });
      } finally {
        endProgress();
      }
      const r = result;
      process.stdout.write(
        `${r.mode === 'all' ? 'imported' : 'updated'} ${r.out}: ${r.rows} rows, ${r.symbols} symbols (${r.instruments} in all.txt), ` +
          `calendar ${r.calendar.start}..${r.calendar.end} (${r.calendar.days} days, ${r.newDays} new), ` +
          `fields ${r.fields.join(',')}, ${r.seconds.toFixed(1)} s\n`,
      );
    });
}

function registerInfo(data: Command): void {
  data
    .command('info')
    .description('Show the calendar, instruments, markets, fields and size of a Qlib data directory')
    .requiredOption('--provider <dir>', 'Qlib data directory')
    .option('--json', 'print {"calendar":{"start","end","days"},"instruments":N,"markets":[...],"fields":[...]}')
    .action((o) => {
      const p = QlibProvider.open(o.provider);
      const markets = p.markets();
      // all.txt is the instrument list Qlib serves; folders without it still count when all.txt is absent
      const instruments = markets.includes('all') ? p.market('all').size : p.symbols().length;
      const calendar = { start: p.calendar.first, end: p.calendar.last, days: p.calendar.length };
      const fields = p.fields();
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ calendar, instruments, markets, fields })}\n`);
        return;
      }
      process.stdout.write(
        `${[
          `provider     ${p.root}`,
          `calendar     ${calendar.start} .. ${calendar.end} (${calendar.days} days)`,
          `instruments  ${instruments}`,
          `markets      ${markets.join(', ') || '(none)'}`,
          `fields       ${fields.join(', ') || '(none)'}`,
          `size         ${formatBytes(p.featureBytes())} of feature files`,
        ].join('\n')}\n`,
      );
    });
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}
