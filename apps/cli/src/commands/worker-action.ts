import { QlibProvider } from '@rollq/data';
import { OnlineError } from '@rollq/online';
import { runWorker, type TaskPool, type WorkerTaskEvent } from '@rollq/online/mongo';
import { closeRecorderStore, openRecorderStore } from '@rollq/workflow';
import { endProgress, note, renderProgress } from '../progress.js';
import { routeModelLogs } from './model-logs.js';
import { withPool } from './task-action.js';

/** The work of `rollq worker` (its options: ./worker.ts), loaded when the command runs. */

/** `rollq worker` options as commander hands them over, every value already checked. */
export interface WorkerCommandOptions {
  mongo: string;
  pool: string;
  concurrency: number;
  exitWhenEmpty?: boolean;
  lease: number;
  maxAttempts: number;
  grace: number;
  data?: string;
  store?: string;
  endTrain?: boolean;
}

/** The log line of a task a worker ended. */
export function workerLogLine(e: WorkerTaskEvent): string {
  const what = e.recorder ? ` recorder ${e.recorder}` : '';
  const why = e.error ? `: ${e.error.split('\n')[0]}` : '';
  return `rollq worker: task ${e.id} test ${e.segments} ${e.outcome} in ${e.seconds.toFixed(1)} s (attempt ${e.attempt})${what}${why}`;
}

/**
 * The data folder (`--data`, else the pool's) and settings a worker needs. A worker started before any driver
 * waits until the pool records them (say once why); with `--exit-when-empty` and nothing to do it returns null.
 */
async function poolSettings(
  pool: TaskPool,
  opts: WorkerCommandOptions,
  signal: AbortSignal,
): Promise<{ dataDir: string; region: string | null; store: string | null } | null> {
  let told = false;
  for (;;) {
    const meta = await pool.getMeta();
    const dataDir = opts.data ?? meta?.dataDir;
    if (dataDir) return { dataDir, region: meta?.region ?? null, store: meta?.store ?? null };
    if (opts.exitWhenEmpty) {
      if ((await pool.pending(undefined, opts.endTrain ? 'part_done' : 'waiting')) === 0) return null;
      throw new OnlineError('POOL_DATA_UNKNOWN', `pool ${pool.name} records no data folder and --data was not given`, {
        hint: 'pass --data <qlib data folder> (its tasks were created without one, e.g. through the API without setMeta)',
        details: { pool: pool.name },
      });
    }
    if (!told) note(`rollq worker: waiting for a driver to record the data folder of pool ${pool.name} (or pass --data)`);
    told = true;
    if (signal.aborted) return null;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * Runs `rollq worker`: trains the pool's tasks until stopped (SIGTERM / SIGINT: no new task, the running
 * one gets `--grace` to finish, else it goes back to the pool) or, with `--exit-when-empty`, until none is left.
 */
export async function workerAction(opts: WorkerCommandOptions): Promise<void> {
  routeModelLogs();
  await withPool(opts, async (pool) => {
    const stop = new AbortController();
    const meta = await poolSettings(pool, opts, stop.signal);
    if (!meta) {
      // the result of the command: stdout
      process.stdout.write(`rollq worker: pool ${pool.name} has no task to do\n`);
      return;
    }
    const dataDir = meta.dataDir;
    const provider = QlibProvider.open(dataDir);
    // the pool's store, else the MongoDB recorder store on the pool's own server
    const storeLocation = opts.store ?? meta.store ?? opts.mongo;
    const store = await openRecorderStore(storeLocation);
    const onSignal = (): void => {
      if (stop.signal.aborted) return;
      note(`rollq worker: stopping (the running task gets ${Math.round(opts.grace / 1000)} s to finish)`);
      stop.abort();
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    note(
      `rollq worker: pool ${pool.name} on ${pool.url}, data ${dataDir}, store ${storeLocation.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@')}, concurrency ${opts.concurrency}, lease ${opts.lease / 1000} s`,
    );
    try {
      const summary = await runWorker({
        pool,
        store,
        storeLocation,
        provider,
        region: meta.region ?? undefined,
        concurrency: opts.concurrency,
        exitWhenEmpty: opts.exitWhenEmpty,
        leaseMs: opts.lease,
        graceMs: opts.grace,
        stage: opts.endTrain ? 'end' : 'train',
        signal: stop.signal,
        onStart: (t) => note(`rollq worker: task ${t._id} started (attempt ${t.attempts})`),
        onTask: (e) => note(workerLogLine(e)),
        onProgress: renderProgress,
      });
      endProgress();
      const done = Object.entries(summary)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ');
      process.stdout.write(`rollq worker: ${done || 'no task'}\n`);
      if (summary.released > 0) {
        // a released task's training may still run in the background: once this command is done, the process ends
        setTimeout(() => process.exit(), 200).unref();
      }
    } finally {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      await closeRecorderStore(store);
    }
  });
}
