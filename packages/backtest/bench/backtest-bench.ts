/**
 * TopK-dropout (topk 50, n_drop 5) over the US panel (sp500, ^GSPC benchmark) and over CSI300 2010–2026
 * (SH000300), with a random signal of fixed seed: wall time per phase and peak RSS.
 * Run: npx tsx --conditions=@rollq/source bench/backtest-bench.ts
 */
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
const widths = head.map((h, k) => Math.max(h.length, ...body.map((b) => b[k]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, k) => c.padStart(widths[k]!)).join(' | ')} |`;
console.log([line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n'));
console.log(
  `load average ${(await import('node:os'))
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} on ${(await import('node:os')).cpus().length} cores`,
);
