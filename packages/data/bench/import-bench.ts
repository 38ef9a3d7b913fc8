/**
 * CSV → Qlib import speed and memory (Qlib's dump_bin rebuilt). Each case runs in its own child process so
 * its peak RSS is its own. Cases: the shipped US panel (619k rows, mode all), the ^GSPC update onto it,
 * the whole 1927-2023 ^GSPC file, and, when ../shared/data is present, the 2.4M-row Alpha Vantage panel.
 * Run: npx tsx --conditions=@rollq/source bench/import-bench.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedDataDir, shippedDataDir } from '@rollq/tools';
// a package's own bench imports its sources directly (the boundary check forbids self-imports by name)
import { type ImportResult, importCsv, importUsDemo } from '../src/index.js';

interface CaseResult {
  rows: number;
  symbols: number;
  days: number;
  wallS: number;
  /** user + system CPU seconds of the case's process: less sensitive than wall time to a busy machine */
  cpuS: number;
  rssMiB: number;
}

const CASES: Record<string, (out: string) => Promise<ImportResult>> = {
  'US panel, mode all (all_stocks_5yr.csv.gz)': (out) =>
    importCsv({ csv: join(shippedDataDir(), 'all_stocks_5yr.csv.gz'), out, market: 'sp500' }),
  'US demo: panel + ^GSPC update (importUsDemo)': async (out) => {
    const { stocks, index } = await importUsDemo(out, undefined, shippedDataDir());
    return { ...index, rows: stocks.rows + index.rows };
  },
  '^GSPC 1927-2023, one symbol': (out) =>
    importCsv({
      csv: join(shippedDataDir(), 'sp500_index_gspc_daily_1927_2023.csv.gz'),
      out,
      symbol: '^GSPC',
      fields: ['Open', 'High', 'Low', 'Close', 'Volume'],
    }),
};
const shared = sharedDataDir();
if (shared) {
  CASES['Alpha Vantage 1999-2021 (2.4M rows, 9 fields)'] = (out) =>
    importCsv({ csv: join(shared, 'sp500_alphavantage_daily_adjusted_1999_2021.csv.gz'), out });
}

async function runCase(name: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rollq-import-bench-'));
  try {
    const cpu = () => (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1e6;
    const cpu0 = cpu(); // leave out the loader's start-up (transpiling the sources)
    const t0 = performance.now();
    const r = await CASES[name]!(join(dir, 'qlib'));
    const result: CaseResult = {
      rows: r.rows,
      symbols: r.instruments,
      days: r.calendar.days,
      wallS: (performance.now() - t0) / 1000,
      cpuS: cpu() - cpu0,
      rssMiB: process.resourceUsage().maxRSS / 1024,
    };
    process.stdout.write(JSON.stringify(result));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runAll(): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  const rows: string[][] = [['case', 'rows', 'symbols', 'days', 'wall s', 'cpu s', 'peak RSS MiB']];
  for (const name of Object.keys(CASES)) {
    process.stderr.write(`running: ${name}\n`);
    const out = execFileSync(process.execPath, [...process.execArgv, self, '--case', name], { encoding: 'utf8' });
    const r = JSON.parse(out) as CaseResult;
    rows.push([name, String(r.rows), String(r.symbols), String(r.days), r.wallS.toFixed(2), r.cpuS.toFixed(2), r.rssMiB.toFixed(0)]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
}

const at = process.argv.indexOf('--case');
if (at >= 0) await runCase(process.argv[at + 1]!);
else await runAll();
