import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TopLevelSpec } from 'vega-lite';
import { BacktestError } from '../errors.js';
import type { ChartReply } from './chart-worker.js';
import { renderSvg } from './render.js';

/** Options of `ChartRenderer.start`. */
export interface ChartRendererOptions {
  /**
   * Worker threads (0 renders in this thread). Default: 1 where at least 4 cores are there, else 0: on a
   * 2-core machine shared with other work the worker measured no faster end to end, and cost ~0.05 s CPU
   * and ~25 MB more.
   */
  threads?: number;
  /** The worker script (default: the built chart-worker.js beside this module; tests pass a source bootstrap). */
  workerUrl?: URL;
}

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (svg: string) => void; reject: (e: Error) => void }>;
}

/**
 * Renders vega-lite specs to SVG on worker threads that load vega (and render each chart kind once, warming
 * it up) as they start. Started before a backtest, on a machine with idle cores, the workers get ready while
 * the backtest runs and render the report's charts while the caller writes its CSV files. The SVGs are those
 * of `renderSvg`. Where no built worker script exists (running the TypeScript sources), or with `threads: 0`,
 * it renders in this thread. Idle workers do not keep the process alive; `close()` stops them.
 *
 * @example
 * ```ts
 * const renderer = ChartRenderer.start(); // before the work, so vega loads meanwhile
 * try {
 *   const res = runBacktest(provider, signal, strategy, config);
 *   await writeReport('out/report', res, evaluateBacktest(res, signal).metrics, { renderer });
 * } finally {
 *   await renderer.close();
 * }
 * ```
 */
export class ChartRenderer {
  private readonly slots: Slot[];
  private nextId = 0;

  private constructor(slots: Slot[]) {
    this.slots = slots;
  }

  /** Starts the worker threads (none when the worker script is missing or `threads` is 0). */
  static start(opts: ChartRendererOptions = {}): ChartRenderer {
    const url = opts.workerUrl ?? new URL('./chart-worker.js', import.meta.url);
    const threads = opts.threads ?? (availableParallelism() >= 4 ? 1 : 0);
    if (threads <= 0 || url.protocol !== 'file:' || !existsSync(fileURLToPath(url))) return new ChartRenderer([]);
    const renderer = new ChartRenderer([]);
    for (let k = 0; k < threads; k++) renderer.slots.push(renderer.spawn(url));
    return renderer;
  }

  /** Worker threads running (0: rendering in this thread). */
  get threads(): number {
    return this.slots.length;
  }

  /** The SVG of a vega-lite spec, from the least busy worker. */
  render(spec: TopLevelSpec): Promise<string> {
    if (this.slots.length === 0) return renderSvg(spec);
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    return new Promise<string>((resolve, reject) => {
      if (slot.pending.size === 0) slot.worker.ref();
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, spec });
    });
  }

  /** Stops the workers; renders still pending fail with REPORT_FAILED. */
  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
    for (const s of slots) fail(s, 'the chart renderer was closed');
  }

  private spawn(url: URL): Slot {
    const slot: Slot = { worker: new Worker(url), pending: new Map() };
    slot.worker.unref();
    slot.worker.on('message', (m: ChartReply) => {
      const p = slot.pending.get(m.id);
      if (!p) return;
      slot.pending.delete(m.id);
      if (slot.pending.size === 0) slot.worker.unref();
      if ('svg' in m) p.resolve(m.svg);
      else
        p.reject(
          new BacktestError('REPORT_FAILED', `a report chart failed to render: ${m.error}`, { hint: 'report the chart spec as a bug' }),
        );
    });
    const drop = (why: string) => {
      const k = this.slots.indexOf(slot);
      if (k >= 0) this.slots.splice(k, 1);
      fail(slot, why);
    };
    slot.worker.on('error', (e) => drop(`a chart worker failed: ${e.message}`));
    slot.worker.on('exit', (code) => drop(`a chart worker stopped (exit code ${code})`));
    return slot;
  }
}

function fail(slot: Slot, why: string): void {
  for (const p of slot.pending.values()) {
    p.reject(new BacktestError('REPORT_FAILED', why, { hint: 'run the command again; a repeated failure is a bug to report' }));
  }
  slot.pending.clear();
}
