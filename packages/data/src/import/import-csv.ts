import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataError } from '../errors.js';
import { type DirectoryRecovery, recoverDirectory, replaceDirectory, tempPathFor } from '../fs/atomic-write.js';
import { readCalendarFile } from '../storage/qlib-provider.js';
import { type ImportCsvOptions, parseImportOptions } from './options.js';
import { planFullImport } from './plan-full.js';
import { planUpdate } from './plan-update.js';
import { listCsvInputs, readPanel } from './read-panel.js';
import { applyPlan } from './write-plan.js';

/** What an import did. */
export interface ImportResult {
  out: string;
  mode: 'all' | 'update';
  /** The calendar of the directory after the import. */
  calendar: { start: string; end: string; days: number };
  /** Calendar days this import added (all of them for mode `all`). */
  newDays: number;
  /** Symbols whose features this import wrote or extended. */
  symbols: number;
  /** Symbols listed in instruments/all.txt afterwards. */
  instruments: number;
  fields: string[];
  /** CSV rows accepted (after the start/end filter). */
  rows: number;
  seconds: number;
  /** What an earlier, interrupted import had left beside `out` and this one repaired first. */
  recovered: DirectoryRecovery;
}

/**
 * Imports daily CSV data into a Qlib data directory (Qlib's `scripts/dump_bin.py dump_all` /
 * `dump_update`). The input is read and validated completely first; the result is then built in a temp
 * directory beside `out` and renamed into place, so a failed or interrupted import leaves `out` exactly
 * as it was.
 */
export async function importCsv(options: ImportCsvOptions): Promise<ImportResult> {
  const t0 = performance.now();
  const opts = parseImportOptions(options);
  const out = resolve(opts.out);
  const recovered = recoverDirectory(out);
  if (opts.mode === 'update') requireQlibDir(out);
  else refuseForeignDir(out);

  const inputs = listCsvInputs(opts.csv);
  if (opts.symbol && inputs.length > 1) {
    throw new DataError(
      'CONFIG_INVALID',
      `--symbol ${opts.symbol} names one instrument, but ${opts.csv} is a folder of ${inputs.length} files`,
      {
        hint: 'use --symbol only with a single CSV file; a folder takes each symbol from its file name',
      },
    );
  }
  const { symbolField, dateField, fields, symbol, start, end, onProgress } = opts;
  const panel = await readPanel(inputs, { symbolField, dateField, fields, symbol, start, end, onProgress });
  const oldDays = opts.mode === 'update' ? readCalendarFile(join(out, 'calendars', 'day.txt')).length : 0;
  const plan = opts.mode === 'all' ? planFullImport(panel, opts.market) : planUpdate(out, panel, opts.market);

  const build = tempPathFor(out, 'build');
  try {
    // update: start from a full copy, so the live directory is never written to and the swap is all-or-nothing
    if (opts.mode === 'update') cpSync(out, build, { recursive: true });
    else mkdirSync(build, { recursive: true });
    applyPlan(build, plan, opts.onProgress);
    replaceDirectory(build, out);
  } catch (e) {
    rmSync(build, { recursive: true, force: true });
    if (e instanceof DataError) throw e;
    throw new DataError('IMPORT_FAILED', `writing ${out} failed: ${e instanceof Error ? e.message : String(e)}`, {
      hint: 'the target was left as it was; check free disk space and write permission on its parent folder',
      cause: e,
      details: { out },
    });
  }

  const calendar = readCalendarFile(join(out, 'calendars', 'day.txt'));
  return {
    out,
    mode: opts.mode,
    calendar: { start: calendar.first, end: calendar.last, days: calendar.length },
    newDays: calendar.length - oldDays,
    symbols: new Set(plan.features.map((w) => w.symbol)).size,
    instruments: plan.instruments.get('all')!.size,
    fields: panel.fields,
    rows: panel.rows,
    seconds: (performance.now() - t0) / 1000,
    recovered,
  };
}

function requireQlibDir(out: string): void {
  if (!existsSync(join(out, 'calendars', 'day.txt'))) {
    throw new DataError('PROVIDER_NOT_FOUND', `--mode update needs an existing Qlib data directory, but ${out} has no calendars/day.txt`, {
      hint: 'run the first import with --mode all (the default)',
      details: { out },
    });
  }
}

/** Mode `all` replaces `out`; never replace a non-empty folder that is not a Qlib data directory. */
function refuseForeignDir(out: string): void {
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) {
    throw new DataError('IMPORT_TARGET_INVALID', `--out ${out} is a file, not a directory`, {
      hint: 'choose a directory path for --out',
      details: { out },
    });
  }
  if (readdirSync(out).length > 0 && !existsSync(join(out, 'calendars'))) {
    throw new DataError(
      'IMPORT_TARGET_INVALID',
      `--out ${out} is a non-empty folder that is not a Qlib data directory; an import would replace it`,
      {
        hint: 'choose a new or empty folder for --out',
        details: { out },
      },
    );
  }
}
