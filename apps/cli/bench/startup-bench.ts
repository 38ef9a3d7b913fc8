/**
 * Start-up of the built CLI: `node bin/rollq.js --help`, `rollq backtest --help` and a bad option, each run
 * N times (default 10: `npm run bench -- 20`), as a table of min / median wall ms and max RSS. It builds
 * nothing: run `npx nx run cli:build` first. RSS comes from `/usr/bin/time` where it exists (else `-`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const CLI_DIR = join(import.meta.dirname, '..');
const BIN = join(CLI_DIR, 'bin', 'rollq.js');
const TIME = '/usr/bin/time';

const CASES: ReadonlyArray<{ name: string; args: string[]; code: number }> = [
  { name: 'rollq --help', args: ['--help'], code: 0 },
  { name: 'rollq backtest --help', args: ['backtest', '--help'], code: 0 },
  { name: 'rollq backtest --bogus (bad option)', args: ['backtest', '--bogus'], code: 2 },
];

interface Run {
  ms: number;
  rssKb: number | null;
}

function runOnce(args: string[], expected: number, useTime: boolean): Run {
  const [cmd, argv] = useTime ? [TIME, ['-f', '%M', process.execPath, BIN, ...args]] : [process.execPath, [BIN, ...args]];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd: CLI_DIR, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== expected) throw new Error(`rollq ${args.join(' ')} exited ${r.status ?? r.signal}, expected ${expected}: ${r.stderr}`);
  const rss = useTime ? Number(/(\d+)\s*$/.exec(r.stderr)?.[1]) : Number.NaN;
  return { ms, rssKb: Number.isFinite(rss) ? rss : null };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const runs = Number(process.argv[2] ?? 10);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a positive whole number, got "${process.argv[2]}"`);
if (!existsSync(join(CLI_DIR, 'dist', 'main.js'))) {
  process.stderr.write('startup-bench: apps/cli/dist/main.js is missing: run `npx nx run cli:build` first\n');
  process.exit(1);
}
const useTime = existsSync(TIME);

const rows = CASES.map(({ name, args, code }) => {
  runOnce(args, code, useTime); // warm the file cache
  const results = Array.from({ length: runs }, () => runOnce(args, code, useTime));
  const ms = results.map((r) => r.ms);
  const rss = results.flatMap((r) => (r.rssKb === null ? [] : [r.rssKb]));
  return [name, Math.min(...ms).toFixed(0), median(ms).toFixed(0), rss.length ? `${(Math.max(...rss) / 1024).toFixed(1)} MiB` : '-'];
});

const head = ['command', 'min ms', 'median ms', 'max RSS'];
const widths = head.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j]!.length)));
const line = (r: string[]) => r.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  ');
process.stdout.write(`rollq start-up, ${runs} runs each (node ${process.version}, wall ms including process start)\n`);
process.stdout.write(`${[line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`);
