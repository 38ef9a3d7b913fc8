import { join } from 'node:path';
import { writeFileAtomic } from '@rollq/data/node-fs';
import type { BacktestResult } from '../backtest/result.js';
import type { BacktestMetrics } from '../metrics/evaluate.js';
import type { IcSeries } from '../metrics/ic.js';
import type { ChartRenderer } from './chart-renderer.js';
import { reportCharts } from './charts.js';
import { htmlReport } from './html-report.js';
import { renderSvg, svgToPng } from './render.js';
import { columnsCsv, positionsColumns, reportColumns, riskLogColumns, tradesColumns } from './tables.js';

/** Options of `writeReport`. */
export interface WriteReportOptions {
  /** IC series and the calendar dates its positions index, for the IC-by-month chart. */
  ic?: { series: IcSeries; dates: readonly string[] };
  /** Also write each chart as `<name>.png`. Default false. */
  png?: boolean;
  title?: string;
  /** Renders the charts on its worker threads while the CSV files are written (default: in this thread, after them). */
  renderer?: ChartRenderer;
}

/**
 * Writes a report folder: `report.csv` (Qlib's daily columns), `positions.csv`, `trades.csv`,
 * `risk-log.csv` (when a risk control acted), `metrics.json`, `report.html` (inline SVG charts) and, on
 * request, PNGs. Every file is written atomically. Returns the paths written.
 *
 * @example
 * ```ts
 * const { metrics, ic } = evaluateBacktest(res, signal, { label: closeReturnLabel(provider) });
 * await writeReport('out/report', res, metrics, { ic: ic && { series: ic, dates: provider.calendar.dates } });
 * ```
 */
export async function writeReport(
  dir: string,
  res: BacktestResult,
  metrics: BacktestMetrics,
  opts: WriteReportOptions = {},
): Promise<string[]> {
  const written: string[] = [];
  const put = async (name: string, data: string | Uint8Array) => {
    const path = join(dir, name);
    await writeFileAtomic(path, data);
    written.push(path);
  };
  const specs = reportCharts(res, opts.ic);
  // with a renderer the charts render on its threads while this one writes the tables
  const rendered = opts.renderer ? Promise.all(specs.map((c) => opts.renderer!.render(c.spec))) : null;
  rendered?.catch(() => {}); // awaited below; a table write failing first must not leave it unhandled
  await put('report.csv', columnsCsv(reportColumns(res)));
  await put('positions.csv', columnsCsv(positionsColumns(res)));
  await put('trades.csv', columnsCsv(tradesColumns(res)));
  if (res.riskLog.length) await put('risk-log.csv', columnsCsv(riskLogColumns(res)));
  await put('metrics.json', `${JSON.stringify(metrics, null, 2)}\n`);
  const svgs = rendered ? await rendered : [];
  const charts = [];
  for (const [k, c] of specs.entries()) {
    const svg = rendered ? svgs[k]! : await renderSvg(c.spec);
    charts.push({ ...c, svg });
    if (opts.png) await put(`${c.name}.png`, svgToPng(svg));
  }
  await put('report.html', htmlReport(res, metrics, charts, opts.title));
  return written;
}
