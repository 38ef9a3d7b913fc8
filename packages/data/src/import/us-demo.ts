import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { directoryLockPath, recoverDirectory, replaceDirectory, tempPathFor } from '../fs/atomic-write.js';
import { withFileLock } from '../fs/file-lock.js';
import { type ImportResult, importCsv } from './import-csv.js';
import type { ImportProgress } from './options.js';

/** File names of the US demo data (the `rollq` CLI ships them in its `data/` folder). */
export const US_DEMO_FILES = {
  stocks: 'all_stocks_5yr.csv.gz',
  index: 'sp500_index_gspc_daily_1927_2023.csv.gz',
} as const;

/** The benchmark symbol the demo imports beside the stocks. */
export const US_DEMO_BENCHMARK = '^GSPC';

/**
 * Imports the shipped US demo into `outDir`: the S&P 500 panel (505 stocks, 2013-02-08..2018-02-07) with
 * market `sp500`, then the ^GSPC index limited to the stocks' calendar as an update, so the index is in
 * all.txt but not in sp500.txt and never adds calendar days. Each step is atomic. `dataDir` is the folder
 * holding {@link US_DEMO_FILES} (the package that ships them says where: the CLI's `data/`).
 */
export async function importUsDemo(
  outDir: string,
  onProgress: ((p: ImportProgress) => void) | undefined,
  dataDir: string,
): Promise<{ stocks: ImportResult; index: ImportResult }> {
  const stocks = await importCsv({ csv: join(dataDir, US_DEMO_FILES.stocks), out: outDir, market: 'sp500', onProgress });
  const index = await importCsv({
    csv: join(dataDir, US_DEMO_FILES.index),
    out: outDir,
    mode: 'update',
    symbol: US_DEMO_BENCHMARK,
    // `Adj Close` equals `Close` for an index; store the fields the stocks have
    fields: ['Open', 'High', 'Low', 'Close', 'Volume'],
    start: stocks.calendar.start,
    end: stocks.calendar.end,
    onProgress,
  });
  return { stocks, index };
}

/** Options of {@link importUsDemoOnce}. */
export interface ImportUsDemoOnceOptions {
  /** The folder holding {@link US_DEMO_FILES}. */
  dataDir: string;
  onProgress?: (p: ImportProgress) => void;
  /** Called once just before an import starts (not when the folder already holds data). */
  onImport?: (dir: string) => void;
}

/**
 * The US demo in `dir`, imported on first use: when `dir` has no `calendars/day.txt` yet, the CSVs are
 * imported into a temp folder beside it (`.<dir>.rollq-build-<pid>-…`) that then replaces `dir`, so an
 * interrupted import is never mistaken for data, and what a killed one left is repaired first (as
 * `importCsv` does). Returns whether it imported.
 *
 * @example
 * ```ts
 * await importUsDemoOnce('.cache/us_qlib', { dataDir: 'data' });
 * const provider = QlibProvider.open('.cache/us_qlib');
 * ```
 */
export async function importUsDemoOnce(dir: string, opts: ImportUsDemoOnceOptions): Promise<boolean> {
  if (existsSync(join(dir, 'calendars', 'day.txt'))) return false;
  // one importer per folder: a second process waits, then finds the data the first one imported
  return withFileLock(
    directoryLockPath(dir),
    async () => {
      recoverDirectory(dir);
      if (existsSync(join(dir, 'calendars', 'day.txt'))) return false;
      opts.onImport?.(dir);
      const tmp = tempPathFor(dir, 'build');
      try {
        await importUsDemo(tmp, opts.onProgress, opts.dataDir);
        replaceDirectory(tmp, dir);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
      return true;
    },
    { timeoutMs: 120_000 },
  );
}
