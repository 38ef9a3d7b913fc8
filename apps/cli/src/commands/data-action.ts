import { join } from 'node:path';
import { type ImportResult, importCsv, QlibProvider } from '@rollq/data';
import { RollqError } from '@rollq/data/errors';
import { writeJsonAtomic } from '@rollq/data/node-fs';
import { csvImportProgress, endProgress } from '../progress.js';

/** The work of `rollq data import` and `rollq data info` (their options: ./data.ts), loaded when one runs. */

/** `rollq data import` options as commander hands them over. */
export interface ImportOptions {
  csv: string;
  out: string;
  symbolField?: string;
  symbol_field?: string;
  dateField?: string;
  date_field?: string;
  fields?: string[];
  mode: 'all' | 'update';
  symbol?: string;
  start?: string;
  end?: string;
  market?: string;
  region?: 'cn' | 'us';
}

/** Runs `rollq data import`: the CSV import, then its one-line summary on stdout. */
export async function importAction(o: ImportOptions): Promise<void> {
  if (o.start !== undefined && o.end !== undefined && o.start > o.end)
    throw new RollqError('CONFIG_INVALID', `--start ${o.start} is after --end ${o.end}`, {
      hint: 'give a date range with --start <= --end (or leave one out)',
    });
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
  // the region `rollq backtest` takes its defaults from (read from rollq.json before inferring one)
  if (o.region) await writeJsonAtomic(join(r.out, 'rollq.json'), { region: o.region });
  process.stdout.write(
    `${r.mode === 'all' ? 'imported' : 'updated'} ${r.out}: ${r.rows} rows, ${r.symbols} symbols (${r.instruments} in all.txt), ` +
      `calendar ${r.calendar.start}..${r.calendar.end} (${r.calendar.days} days, ${r.newDays} new), ` +
      `fields ${r.fields.join(',')}, ${r.seconds.toFixed(1)} s\n`,
  );
}

/** `rollq data info` options as commander hands them over. */
export interface InfoOptions {
  provider: string;
  json?: boolean;
}

/** Runs `rollq data info`: what a Qlib data directory holds, as a table or JSON. */
export function infoAction(o: InfoOptions): void {
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
