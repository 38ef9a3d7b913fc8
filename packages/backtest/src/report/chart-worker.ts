import { parentPort } from 'node:worker_threads';
import type { TopLevelSpec } from 'vega-lite';
import { emptyResult } from '../backtest/result.js';
import { reportCharts } from './charts.js';
import { loadChartEngines, renderSvg } from './render.js';

/**
 * The worker thread of a `ChartRenderer` (built as dist/chart-worker.js): loads vega as soon as it starts,
 * while its caller is still computing, then answers each `{ id, spec }` with `{ id, svg }` or `{ id, error }`.
 */

/** A render request. */
export interface ChartRequest {
  id: number;
  spec: TopLevelSpec;
}

/** A render answer: the SVG, or the message of what failed. */
export type ChartReply = { id: number; svg: string } | { id: number; error: string };

const port = parentPort;
if (!port) throw new Error('chart-worker runs as the worker thread of a ChartRenderer');
// a loading failure is not lost: the cached promise rejects again in renderSvg, and that answer says why
loadChartEngines().then(warmUp, () => {});
port.on('message', (m: ChartRequest) => {
  renderSvg(m.spec).then(
    (svg) => port.postMessage({ id: m.id, svg } satisfies ChartReply),
    (e: unknown) => port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) } satisfies ChartReply),
  );
});

/**
 * Renders the report's chart kinds once on a few days of made-up data while the caller still computes:
 * vega's first render of a kind runs cold (about twice as slow), and this thread's core is idle then.
 */
async function warmUp(): Promise<void> {
  const dates = ['2020-01-02', '2020-01-03', '2020-02-03'];
  const res = emptyResult(dates, []);
  res.report.return.set([0.01, -0.02, 0.005]);
  res.report.bench.set([0.002, 0.001, -0.003]);
  const series = { positions: [0, 1, 2], ic: Float64Array.from([0.1, -0.05, 0.02]), rankIc: Float64Array.from([0.08, 0.01, -0.02]) };
  for (const c of reportCharts(res, { series, dates })) await renderSvg(c.spec).catch(() => '');
}
