import { availableParallelism } from 'node:os';
import { workerEntry } from '@rollq/data';
import { Piscina } from 'piscina';
import type { PredictTask, PredictTaskResult } from './predict-worker.js';

/** The worker count of `predict.workers`: as configured, or (null) the cores less one for the server's thread, at least 1. */
export function predictPoolSize(configured: number | null): number {
  return configured ?? Math.max(1, availableParallelism() - 1);
}

/** How long an idle worker is kept, with its models loaded: a fresh one pays for loading them on its first task. */
const IDLE_MS = 30 * 60_000;

/**
 * The pool of prediction workers (piscina threads) that compute models' days off the server's thread, so the
 * models of one `/predict` run in parallel and a request's timeout can stop a computation: a task whose
 * signal aborts is dropped from the queue, or its worker is terminated and replaced when it is running.
 * Threads start on the first task and stop after {@link IDLE_MS} idle (a thread's first task loads the models).
 */
export class PredictPool {
  private pool: Piscina | null = null;
  private closed = false;
  private readonly answered = new Map<number, number>();

  constructor(readonly size: number) {}

  /** One model's day computed by a worker; rejects with an `AbortError` when `signal` aborts first. */
  run(task: PredictTask, signal?: AbortSignal): Promise<PredictTaskResult> {
    if (this.closed) return Promise.reject(new Error('the prediction pool is closed'));
    this.pool ??= new Piscina({
      ...workerEntry(import.meta.url, 'predict-worker'),
      minThreads: 0,
      maxThreads: this.size,
      idleTimeout: IDLE_MS,
    });
    const run = this.pool.run(task, signal ? { signal } : {}) as Promise<PredictTaskResult>;
    return run.then((out) => {
      this.answered.set(out.threadId, out.commit);
      return out;
    });
  }

  /** The commit each worker thread (by thread id) last answered for: which commit's models it holds. */
  get workerCommits(): ReadonlyMap<number, number> {
    return this.answered;
  }

  /** Threads running now (0 before the first task). */
  get threads(): number {
    return this.pool?.threads.length ?? 0;
  }

  /** Stops the workers (queued tasks are rejected). */
  async close(): Promise<void> {
    this.closed = true;
    const p = this.pool;
    this.pool = null;
    if (p) await p.destroy();
  }
}
