import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { DATA_ERROR_CODES, DataError, type DataErrorCode } from '../errors.js';
import type { QlibProvider } from '../storage/qlib-provider.js';
import { workerEntry } from '../worker-entry.js';
import {
  type ComputeFeaturesOptions,
  computeFeatures,
  frameOf,
  type InstrumentJob,
  layoutFrame,
  parseComputeFeaturesOptions,
} from './compute-features.js';
import type { FeatureFrame } from './feature-frame.js';
import type { FeatureWorkerData, FeatureWorkerReply, FeatureWorkerRequest } from './feature-worker.js';
import { compileFields } from './field-set.js';

/** Environment variable with the number of feature threads (1 = compute on the calling thread). */
export const FEATURE_THREADS_ENV = 'ROLLQ_FEATURE_THREADS';

/** Jobs (instruments) per message: small enough to balance the threads, large enough to keep them busy. */
const CHUNK = 8;

/**
 * Threads {@link computeFeaturesParallel} uses: `ROLLQ_FEATURE_THREADS` when it is a positive integer, else
 * the cores this process may use (`os.availableParallelism()`), at most 8.
 */
export function featureThreads(env: Record<string, string | undefined> = process.env): number {
  const raw = env[FEATURE_THREADS_ENV];
  if (raw !== undefined && raw !== '') {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) {
      throw new DataError('CONFIG_INVALID', `${FEATURE_THREADS_ENV}=${raw} is not a positive integer`, {
        hint: `set ${FEATURE_THREADS_ENV} to the number of threads for feature computation (1 = none besides the main one), or unset it`,
      });
    }
    return n;
  }
  return Math.min(8, availableParallelism());
}

/** Options of {@link computeFeaturesParallel}. */
export interface ParallelFeaturesOptions {
  /** Worker threads (default {@link featureThreads}); 1 computes on the calling thread. */
  threads?: number;
}

/**
 * {@link computeFeatures} on worker threads: the same frame, value for value (every instrument is evaluated
 * by the same code, each thread opening the provider's folder itself and writing its instruments' rows into
 * the frame's shared columns). The row layout is worked out first on the calling thread, then instruments go
 * out in small chunks to whichever thread is free. It computes on the calling thread instead when one thread is
 * asked for, when custom operators are given (functions cannot be sent to a thread), or when the query has
 * too few instruments to pay for starting threads.
 */
export async function computeFeaturesParallel(
  provider: QlibProvider,
  options: ComputeFeaturesOptions,
  parallel: ParallelFeaturesOptions = {},
): Promise<FeatureFrame> {
  const opts = parseComputeFeaturesOptions(options);
  const threads = parallel.threads ?? featureThreads();
  if (threads <= 1 || opts.operators) return computeFeatures(provider, options);
  const compiled = compileFields(opts.fields);
  const [si, ei] = provider.calendar.locate(opts.start ?? null, opts.end ?? null);
  const layout = layoutFrame(provider, compiled, opts.instruments, si, ei);
  if (layout.jobs.length < threads * CHUNK) return computeFeatures(provider, options);
  const values = layout.columns.map(() => new Float32Array(new SharedArrayBuffer(layout.nRows * Float32Array.BYTES_PER_ELEMENT)));
  const data: FeatureWorkerData = { root: provider.root, freq: provider.freq, fields: opts.fields, anchor: si, ei, values };
  await runJobs(layout.jobs, Math.min(threads, Math.ceil(layout.jobs.length / CHUNK)), data, (done) =>
    opts.onProgress?.({ instruments: done, total: layout.total }),
  );
  opts.onProgress?.({ instruments: layout.total, total: layout.total, rows: layout.nRows });
  return frameOf(layout, values, provider.calendar.dates);
}

/** Hands `jobs` out to `n` threads a chunk at a time; resolves when all are done, rejects on the first error. */
function runJobs(jobs: InstrumentJob[], n: number, data: FeatureWorkerData, progress: (done: number) => void): Promise<void> {
  const entry = workerEntry(import.meta.url, 'feature-worker');
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    let next = 0;
    let done = 0;
    let running = 0;
    let failed = false;
    let lastReport = Date.now();
    const fail = (e: Error) => {
      if (failed) return;
      failed = true;
      for (const w of workers) void w.terminate();
      reject(e);
    };
    const feed = (w: Worker) => {
      const chunk = jobs.slice(next, next + CHUNK);
      next += chunk.length;
      w.postMessage((chunk.length ? { jobs: chunk } : null) satisfies FeatureWorkerRequest);
    };
    for (let i = 0; i < n; i++) {
      const w = new Worker(entry.filename, { execArgv: entry.execArgv, workerData: data });
      workers.push(w);
      running++;
      w.on('message', (reply: FeatureWorkerReply) => {
        if ('error' in reply) return fail(rebuildError(reply.error));
        done += reply.done;
        if (Date.now() - lastReport > 1000) {
          progress(jobs[Math.min(done, jobs.length - 1)]!.index);
          lastReport = Date.now();
        }
        feed(w);
      });
      w.on('error', (e) => fail(e));
      w.on('exit', (code) => {
        running--;
        if (failed) return;
        if (code !== 0) return fail(new Error(`a feature thread stopped with exit code ${code}`));
        if (running === 0) {
          if (done === jobs.length) resolve();
          else fail(new Error(`feature threads stopped with ${jobs.length - done} of ${jobs.length} instruments not computed`));
        }
      });
      feed(w);
    }
  });
}

/** The error a thread reported, as the calling thread would have thrown it. */
function rebuildError(e: Extract<FeatureWorkerReply, { error: unknown }>['error']): Error {
  if (e.code !== undefined && e.code in DATA_ERROR_CODES) {
    return new DataError(e.code as DataErrorCode, e.message, { hint: e.hint, details: e.details });
  }
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}
