import { parentPort } from 'node:worker_threads';
import type { TopLevelSpec } from 'vega-lite';
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
loadChartEngines().catch(() => {});
port.on('message', (m: ChartRequest) => {
  renderSvg(m.spec).then(
    (svg) => port.postMessage({ id: m.id, svg } satisfies ChartReply),
    (e: unknown) => port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) } satisfies ChartReply),
  );
});
