/**
 * Alpha158 benchmark: 158 features + LABEL0 over the US S&P 500 demo panel (505 × 1259 days) and over
 * CSI300 2010–2026, printing wall time, rows, throughput and peak RSS. Run:
 *   npx tsx --conditions=@rollq/source packages/data/bench/alpha158-bench.ts [us|cn]...
 *   (or `npm run bench:alpha158 -w @rollq/data`)
 * Goal (2-core machine): US ≤ 10 s and ≤ 1.5 GB peak RSS. Features are computed on worker threads
 * (computeFeaturesParallel; ROLLQ_FEATURE_THREADS=1 for the single-thread engine).
 */
import { cnQlibDir, usQlibDir } from '@rollq/tools';
import {
  alpha158,
  computeFeaturesParallel,
  FEATURE_THREADS_ENV,
  type FeatureProgress,
  featureThreads,
  handlerColumns,
  QlibProvider,
} from '../src/index.js';

/** The engine's progress on stderr (the bench is a script: it draws, the library only reports). */
function featureProgress(p: FeatureProgress): void {
  process.stderr.write(`\rfeatures: ${p.instruments}/${p.total} instruments${p.rows === undefined ? '' : `, ${p.rows} rows\n`}`);
}

interface Row {
  case: string;
  instruments: number;
  rows: number;
  columns: number;
  wallS: string;
  cpuS: string;
  rowsPerS: string;
  peakRssMB: string;
}

async function run(name: string, dir: string, instruments: string, start?: string, end?: string): Promise<Row> {
  const provider = QlibProvider.open(dir);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const frame = await computeFeaturesParallel(provider, {
    fields: handlerColumns(alpha158()),
    instruments,
    start,
    end,
    onProgress: featureProgress,
  });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  return {
    case: name,
    instruments: frame.instruments.length,
    rows: frame.rowDate.length,
    columns: frame.columns.length,
    wallS: wall.toFixed(2),
    // user+system CPU: on a shared, overloaded machine this is the fairer number
    cpuS: ((cpu.user + cpu.system) / 1e6).toFixed(2),
    rowsPerS: Math.round(frame.rowDate.length / wall).toLocaleString('en-US'),
    // maxRSS is in kilobytes on Linux
    peakRssMB: (process.resourceUsage().maxRSS / 1024).toFixed(0),
  };
}

const which = process.argv.slice(2).length ? process.argv.slice(2) : ['us', 'cn'];
const rows: Row[] = [];
for (const w of which) {
  // ROLLQ_US_QLIB / ROLLQ_CN_QLIB point at prepared data (e.g. on another machine) instead of the fixtures
  if (w === 'us') rows.push(await run('US S&P 500 (all)', process.env.ROLLQ_US_QLIB ?? (await usQlibDir()), 'all'));
  if (w === 'cn') {
    const cn = process.env.ROLLQ_CN_QLIB ? { dir: process.env.ROLLQ_CN_QLIB, reason: '' } : cnQlibDir();
    if (!cn.dir) console.error(`skipping CN: ${cn.reason}`);
    else rows.push(await run('CN csi300 2010-2026', cn.dir, 'csi300'));
  }
}
console.log(`feature threads: ${featureThreads()} (${FEATURE_THREADS_ENV}=1: the calling thread only)`);
console.table(rows);
