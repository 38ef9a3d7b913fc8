/**
 * TopK-dropout (topk 50, n_drop 5) over the US panel (sp500, ^GSPC benchmark) and over CSI300 2010–2026
 * (SH000300), with a random signal of fixed seed: wall time per phase and peak RSS. Then `rollq backtest`
 * end to end (the built CLI, a fresh process per run, with --json and --report): on the Qlib side-by-side
 * anchors (/tmp/anchors, or $ROLLQ_ANCHORS: Qlib's US and CN predictions, the commands of issue #13) when
 * they are there, else on the shipped US data with the random signal written as a CSV. Wall, user+sys CPU
 * and peak RSS of each run (from /usr/bin/time where present), 3 runs each.
 * Run: npx tsx --conditions=@rollq/source bench/backtest-bench.ts (build the CLI first: npm run setup)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { QlibProvider } from '@rollq/data';
import { cnQlibDir, usQlibDir } from '@rollq/tools';
import { closeReturnLabel, evaluateBacktest, runBacktest, Signal, seededRandom, TopkDropoutStrategy } from '../src/index.js';

interface Row {
  panel: string;
  instruments: number;
  days: number;
  trades: number;
  signalMs: number;
  backtestMs: number;
  backtestCpuMs: number;
  metricsMs: number;
  metricsCpuMs: number;
  rssMb: number;
}

/** A random score for every member of `market` on every day of its span, from a fixed seed. */
function randomSignal(provider: QlibProvider, market: string, seed: number): Signal {
  const random = seededRandom(seed);
  const members = provider.listInstruments(market);
  const rows: Array<{ pos: number; instrument: string; score: number }> = [];
  for (let p = 0; p < provider.calendar.length; p++) {
    for (const [symbol, spans] of members)
      if (spans.some(([a, b]) => p >= a && p <= b)) rows.push({ pos: p, instrument: symbol, score: random() });
  }
  return Signal.fromRows(rows);
}

function run(panel: string, dir: string, market: string, benchmark: string, tradeUnit: number | null): Row {
  const provider = QlibProvider.open(dir);
  let t = performance.now();
  const signal = randomSignal(provider, market, 42);
  const signalMs = performance.now() - t;
  // CPU time beside wall time: on a shared machine the wall clock also counts other people's work
  t = performance.now();
  let cpu = process.cpuUsage();
  const res = runBacktest(provider, signal, new TopkDropoutStrategy({ topk: 50, nDrop: 5 }), { benchmark, exchange: { tradeUnit } });
  const backtestMs = performance.now() - t;
  const backtestCpuMs = cpuMs(process.cpuUsage(cpu));
  t = performance.now();
  cpu = process.cpuUsage();
  evaluateBacktest(res, signal, { label: closeReturnLabel(provider) });
  const metricsMs = performance.now() - t;
  const metricsCpuMs = cpuMs(process.cpuUsage(cpu));
  const rssMb = process.resourceUsage().maxRSS / 1024;
  return {
    panel,
    instruments: signal.symbols.length,
    days: res.dates.length,
    trades: res.trades.length,
    signalMs,
    backtestMs,
    backtestCpuMs,
    metricsMs,
    metricsCpuMs,
    rssMb,
  };
}

function cpuMs(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1000;
}

const rows: Row[] = [];
rows.push(run('US sp500', await usQlibDir(), 'sp500', '^GSPC', 1));
const cn = cnQlibDir();
if (cn.dir) rows.push(run('CN csi300 2010-2026', cn.dir, 'csi300', 'SH000300', 100));
else process.stderr.write(`skipping CN: ${cn.reason}\n`);

const head = [
  'panel',
  'instruments',
  'days',
  'trades',
  'build signal ms',
  'backtest wall ms (load+loop)',
  'backtest cpu ms',
  'IC+risk wall ms',
  'IC+risk cpu ms',
  'peak RSS MB',
];
const body = rows.map((r) =>
  [
    r.panel,
    r.instruments,
    r.days,
    r.trades,
    r.signalMs.toFixed(0),
    r.backtestMs.toFixed(0),
    r.backtestCpuMs.toFixed(0),
    r.metricsMs.toFixed(0),
    r.metricsCpuMs.toFixed(0),
    r.rssMb.toFixed(0),
  ].map(String),
);
printTable(head, body);
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} on ${cpus().length} cores`,
);

function printTable(head: string[], body: string[][]): void {
  const widths = head.map((h, k) => Math.max(h.length, ...body.map((b) => b[k]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, k) => c.padStart(widths[k]!)).join(' | ')} |`;
  console.log([line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n'));
}

// ---- rollq backtest end to end ----

const CLI = join(import.meta.dirname, '../../../apps/cli/bin/rollq.js');
const COSTS = ['--topk', '50', '--n-drop', '5', '--account', '100000000', '--deal-price', 'close'];
const FEES = ['--open-cost', '0.0005', '--close-cost', '0.0015', '--min-cost', '5'];

interface CliCase {
  name: string;
  args: string[];
}

/** The issue #13 commands on the anchors' data and Qlib's predictions, when the anchors are there. */
function anchorCases(root: string): CliCase[] {
  const cases: CliCase[] = [];
  const us = { provider: join(root, 'us_qlib'), pred: join(root, 'wf_us_qlib_s6/pred.csv') };
  const cn = { provider: join(root, 'cn_qlib'), pred: join(root, 'wf_cn_qlib_s6/pred.csv') };
  if (existsSync(us.pred) && existsSync(us.provider)) {
    cases.push({
      name: 'US anchors 2017-01..2018-02',
      args: ['--provider', us.provider, '--pred', us.pred, '--start', '2017-01-03', '--end', '2018-02-05'],
    });
    cases[cases.length - 1]!.args.push('--benchmark', 'GSPC', '--trade-unit', '1', '--limit-threshold', 'none');
  }
  if (existsSync(cn.pred) && existsSync(cn.provider)) {
    cases.push({
      name: 'CN anchors 2017-01..2020-08',
      args: ['--provider', cn.provider, '--pred', cn.pred, '--start', '2017-01-01', '--end', '2020-08-01'],
    });
    cases[cases.length - 1]!.args.push('--benchmark', 'SH000300', '--trade-unit', '100', '--limit-threshold', '0.095');
  }
  return cases;
}

/** The shipped US data with the bench's random sp500 signal as a prediction CSV (in `dir`). */
async function shippedCase(dir: string): Promise<CliCase> {
  const provider = QlibProvider.open(await usQlibDir());
  const signal = randomSignal(provider, 'sp500', 42);
  const lines = ['datetime,instrument,score'];
  for (const pos of signal.positions()) {
    const day = signal.day(pos)!;
    for (let j = 0; j < day.inst.length; j++) lines.push(`${provider.calendar.dates[pos]},${signal.symbols[day.inst[j]!]},${day.score[j]}`);
  }
  const pred = join(dir, 'pred.csv');
  writeFileSync(pred, `${lines.join('\n')}\n`);
  return {
    name: 'US shipped, random signal',
    args: ['--provider', provider.root, '--benchmark', '^GSPC', '--trade-unit', '1', '--pred', pred],
  };
}

/** One CLI run: wall s, user+sys CPU s and peak RSS MB (CPU and RSS from /usr/bin/time -v; NaN without it). */
function timeCli(args: string[], cwd: string, env: Record<string, string> = {}): { wall: number; cpu: number; rss: number } {
  const withTime = existsSync('/usr/bin/time');
  const stats = join(cwd, 'time.txt');
  const cmd = [process.execPath, CLI, 'backtest', ...args, ...COSTS, ...FEES, '--json', 'x.json', '--report', 'rep'];
  const t = performance.now();
  const r = withTime
    ? spawnSync('/usr/bin/time', ['-v', '-o', stats, ...cmd], { cwd, encoding: 'utf8', env: { ...process.env, ...env } })
    : spawnSync(cmd[0]!, cmd.slice(1), { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  const wall = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`rollq backtest failed (${r.status}): ${r.stderr}`);
  if (!withTime) return { wall, cpu: NaN, rss: NaN };
  const text = readFileSync(stats, 'utf8');
  const num = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
  const cpu = num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/);
  const elapsed = /Elapsed \(wall clock\) time[^:]*: (?:(\d+):)?(\d+):([\d.]+)/.exec(text);
  const w = elapsed ? Number(elapsed[1] ?? 0) * 3600 + Number(elapsed[2]) * 60 + Number(elapsed[3]) : wall;
  return { wall: w, cpu, rss: num(/Maximum resident set size \(kbytes\): (\d+)/) / 1024 };
}

if (!existsSync(join(import.meta.dirname, '../../../apps/cli/dist/main.js'))) {
  process.stderr.write('skipping rollq backtest end to end: the CLI is not built (npm run setup)\n');
} else {
  const scratch = mkdtempSync(join(tmpdir(), 'rollq-bt-bench-'));
  try {
    const anchors = process.env.ROLLQ_ANCHORS ?? '/tmp/anchors';
    const cases = anchorCases(anchors);
    if (cases.length === 0) cases.push(await shippedCase(scratch));
    const cliRows: string[][] = [];
    // the CLI's launch of a backtest (its one-file build from the code cache) against its ES modules
    // (ROLLQ_BUNDLE=0), run by turns so that both see the same machine
    const launches: Array<{ name: string; env: Record<string, string> }> = [
      { name: 'one file + code cache', env: {} },
      { name: 'ES modules', env: { ROLLQ_BUNDLE: '0' } },
    ];
    for (const c of cases) {
      timeCli(c.args, scratch); // warms the file cache
      const runs = launches.map(() => [] as Array<ReturnType<typeof timeCli>>);
      for (let k = 0; k < 3; k++) for (let i = 0; i < launches.length; i++) runs[i]!.push(timeCli(c.args, scratch, launches[i]!.env));
      const f = (xs: number[], d: number) => xs.map((x) => x.toFixed(d)).join(' / ');
      launches.forEach((l, i) => {
        const r = runs[i]!;
        cliRows.push([
          c.name,
          l.name,
          f(
            r.map((x) => x.wall),
            2,
          ),
          f(
            r.map((x) => x.cpu),
            2,
          ),
          f(
            r.map((x) => x.rss),
            0,
          ),
        ]);
      });
    }
    console.log('\nrollq backtest end to end (3 runs each, --json and --report)');
    printTable(['case', 'launch', 'wall s', 'user+sys s', 'peak RSS MB'], cliRows);
    console.log(
      `load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')} on ${cpus().length} cores`,
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
