import { Worker } from 'node:worker_threads';
import { type QlibProvider, workerEntry } from '@rollq/data/provider';
import type { PackedSignal, Signal } from '../signal/signal.js';
import { closeReturnLabel } from './label.js';
import { type SignalMetrics, signalMetrics } from './signal-metrics.js';

/** main → thread: a signal and where its close-return label comes from. */
export interface SignalMetricsRequest {
  root: string;
  freq: string;
  signal: PackedSignal;
  positions: number[];
  span: { from: number; to: number } | null;
}

/** thread → main. */
export type SignalMetricsReply = { metrics: SignalMetrics } | { error: string };

/**
 * {@link signalMetrics} against Qlib's close-return label on a second thread, so that a backtest and its IC run
 * side by side (`rollq backtest`: ~30 ms of a ~0.3 s run on 2 cores). Start it early: the thread boots while
 * the predictions are read. When the thread cannot deliver (it failed to start, or threw), the metrics are
 * computed on the calling thread instead, so the result never depends on it; they are the same numbers either
 * way (the same code on the same data).
 *
 * @example
 * ```ts
 * const thread = SignalMetricsThread.start();
 * const pending = thread.evaluate(provider, signal, positions); // then run the backtest
 * const { summary } = await pending;
 * thread.close();
 * ```
 */
export class SignalMetricsThread {
  private constructor(private readonly worker: Worker | null) {}

  /** Boots the thread (or, where threads are unavailable, a stand-in that computes on the caller). */
  static start(): SignalMetricsThread {
    try {
      const entry = workerEntry(import.meta.url, 'signal-metrics-worker');
      const worker = new Worker(entry.filename, { execArgv: entry.execArgv });
      worker.unref(); // an idle thread never holds the process open
      worker.on('error', () => undefined); // reported to the pending evaluate, which falls back
      return new SignalMetricsThread(worker);
    } catch {
      return new SignalMetricsThread(null);
    }
  }

  /** The metrics of `signal` on `positions` (default: every scored day); the label only over their span. */
  evaluate(provider: QlibProvider, signal: Signal, positions: number[] = signal.positions()): Promise<SignalMetrics> {
    const span = positions.length ? { from: positions[0]!, to: positions[positions.length - 1]! } : null;
    const here = () => signalMetrics(signal, closeReturnLabel(provider, span ?? undefined), positions);
    const worker = this.worker;
    if (!worker) return Promise.resolve().then(here);
    return new Promise<SignalMetrics>((resolve, reject) => {
      const done = (reply: SignalMetricsReply | null) => {
        worker.off('message', done);
        worker.off('error', failed);
        worker.off('exit', failed);
        worker.unref();
        try {
          resolve(reply && 'metrics' in reply ? reply.metrics : here());
        } catch (e) {
          reject(e);
        }
      };
      const failed = () => done(null);
      worker.on('message', done);
      worker.once('error', failed);
      worker.once('exit', failed);
      const packed = signal.pack();
      const req: SignalMetricsRequest = { root: provider.root, freq: provider.freq, signal: packed, positions, span };
      const buffers = [packed.positions.buffer, packed.offsets.buffer, packed.inst.buffer, packed.score.buffer] as ArrayBuffer[];
      worker.ref(); // the reply is awaited: the thread holds the process open until it comes
      worker.postMessage(req, buffers);
    });
  }

  /** Stops the thread. */
  close(): Promise<void> {
    return this.worker ? this.worker.terminate().then(() => undefined) : Promise.resolve();
  }
}
