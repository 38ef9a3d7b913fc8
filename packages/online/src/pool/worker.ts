import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { FeatureStore, type QlibProvider } from '@rollq/data';
import {
  beginTaskTrain,
  defaultTaskComponents,
  endTaskTrain,
  type RecorderInfo,
  type RecorderStore,
  type RecordRegistry,
  type TaskComponents,
  type TaskProgress,
  taskTrain,
} from '@rollq/workflow';
import type { Filter } from 'mongodb';
import { registryWithValidIC } from '../trainer/trainer.js';
import { type FetchableStatus, type TaskDocument, taskOf, testSegmentText } from './task-document.js';
import type { LeasedTask, TaskPool } from './task-pool.js';

/** How one task ended in a worker. */
export type WorkerOutcome =
  /** Trained and committed (`done`, or `part_done` for a begin-only task). */
  | 'done'
  | 'part_done'
  /** Training failed; the task is back in the pool for another attempt. */
  | 'retry'
  /** Training failed on its last attempt: the task is `failed`. */
  | 'failed'
  /** The lease was lost (expired and taken over, or reset): the commit was refused, the recorder marked an orphan. */
  | 'lost'
  /** Stopped (SIGTERM) before it finished: returned to the pool. */
  | 'released';

/** One line of a worker's log: a task it ended. */
export interface WorkerTaskEvent {
  id: string;
  /** The task's test segment, `start..end`. */
  segments: string;
  seconds: number;
  outcome: WorkerOutcome;
  recorder?: string;
  error?: string;
  /** The attempt this was (1 = first fetch). */
  attempt: number;
}

/** Options of {@link runWorker}. */
export interface WorkerOptions {
  pool: TaskPool;
  /** Where recorders go, and its location (a folder or a `mongodb://` URL) recorded in each task's `res`. */
  store: RecorderStore;
  storeLocation: string;
  provider: QlibProvider;
  /** Qlib region of the data (default `cn`, as taskTrain). */
  region?: string;
  /** Tasks trained at once in this process (default 1). */
  concurrency?: number;
  /** Return when nothing is waiting or running under the query (default: keep polling until `signal`). */
  exitWhenEmpty?: boolean;
  /** Lease length (ms, default 60 000); renewed every third of it while a task trains, from a thread of its own. */
  leaseMs?: number;
  /** Wait between empty fetches (ms, default 1000). */
  pollMs?: number;
  /** After `signal` aborts, how long a running task may take to finish before it is released (ms, default 30 000). */
  graceMs?: number;
  signal?: AbortSignal;
  /** Only tasks matching this (TrainerRM's `{_id: {$in: ids}}`). */
  query?: Filter<TaskDocument>;
  /** `train` (default): waiting tasks; `end`: DelayTrainerRM's end step, part_done → done. */
  stage?: 'train' | 'end';
  /** Worker id stored on the tasks it holds (default `host:pid:random`). */
  workerId?: string;
  components?: TaskComponents;
  records?: RecordRegistry;
  /** A task was taken (before training). */
  onStart?: (task: TaskDocument) => void;
  /** A task ended: one log line. */
  onTask?: (e: WorkerTaskEvent) => void;
  /** Progress of the task being trained. */
  onProgress?: (p: TaskProgress) => void;
}

/** What a worker did. */
export type WorkerSummary = Record<WorkerOutcome, number>;

/** A worker id: `host:pid:6 hex`. */
export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** The tag an orphan recorder (trained under a lease another worker took over) carries. */
export const ORPHAN_TAG = 'rollq_pool_orphan';

/**
 * Qlib's `run_task` loop with leases: `concurrency` lanes each fetch a task, train it (renewing the lease
 * every third of it), store the recorder, commit, and log one line; a failed task is returned for another
 * attempt or ends `failed`; a commit refused because the lease was lost marks the recorder FAILED and
 * tagged {@link ORPHAN_TAG}, so it never reaches the online set. When `signal` aborts, no new task is
 * taken and a running one gets `graceMs` to finish before it is released to the pool.
 */
export async function runWorker(opts: WorkerOptions): Promise<WorkerSummary> {
  const summary: WorkerSummary = { done: 0, part_done: 0, retry: 0, failed: 0, lost: 0, released: 0 };
  const worker = opts.workerId ?? defaultWorkerId();
  const leaseMs = opts.leaseMs ?? 60_000;
  const pollMs = opts.pollMs ?? 1000;
  const from: FetchableStatus = opts.stage === 'end' ? 'part_done' : 'waiting';
  const records = registryWithValidIC(opts.records);
  // tasks of a pool share handlers: one feature cache computes each day once per process
  const components = opts.components ?? defaultTaskComponents({ featureStore: new FeatureStore() });
  const stopped = (): boolean => opts.signal?.aborted === true;

  const train = async (task: LeasedTask): Promise<{ rec: RecorderInfo; status: 'done' | 'part_done' }> => {
    const common = { store: opts.store, experiment: task.experiment, provider: opts.provider, region: opts.region, components, records };
    if (from === 'part_done') {
      if (!task.res) throw new Error(`task ${task._id} is part_done but holds no recorder`);
      return { rec: await endTaskTrain(task.res.recorder, { ...common, onProgress: opts.onProgress }), status: 'done' };
    }
    const def = taskOf(task);
    if (task.after === 'part_done') return { rec: await beginTaskTrain(def, common), status: 'part_done' };
    return { rec: await taskTrain(def, { ...common, onProgress: opts.onProgress }), status: 'done' };
  };

  const runOne = async (task: LeasedTask): Promise<void> => {
    const started = Date.now();
    const segments = testSegmentText(taskOf(task));
    const event = (outcome: WorkerOutcome, extra: Partial<WorkerTaskEvent> = {}): void => {
      summary[outcome]++;
      opts.onTask?.({ id: task._id, segments, seconds: (Date.now() - started) / 1000, outcome, attempt: task.attempts, ...extra });
    };
    let lost = false;
    // renewed from a thread: training blocks this event loop for seconds at a time
    keeper.hold(task._id, task.lease, leaseMs, () => {
      lost = true;
    });
    opts.onStart?.(task);
    const work = train(task).then(
      (r) => ({ ok: true as const, ...r }),
      (e: unknown) => ({ ok: false as const, error: e instanceof Error ? e.message : String(e) }),
    );
    try {
      const result = await untilStoppedPlusGrace(work, opts.signal, opts.graceMs ?? 30_000);
      if (result === 'grace-over') {
        await opts.pool.release(task);
        event('released');
        // the training goes on in the background; if it ends, its recorder is not committed
        void work.then((r) => (r.ok ? orphan(opts.store, r.rec.id, 'released on stop before it finished') : undefined));
        return;
      }
      if (!result.ok) {
        const next = await opts.pool.fail(task, result.error);
        event(next === 'failed' ? 'failed' : next === 'refused' ? 'lost' : 'retry', { error: result.error });
        return;
      }
      const outcome = lost
        ? 'refused'
        : await opts.pool.commit(task, { recorder: result.rec.id, experiment: task.experiment, store: opts.storeLocation }, result.status);
      if (outcome === 'refused') {
        await orphan(opts.store, result.rec.id, `the lease of task ${task._id} was taken over before the commit`);
        event('lost', { recorder: result.rec.id });
        return;
      }
      event(result.status, { recorder: result.rec.id });
    } finally {
      keeper.release(task._id);
    }
  };

  const lane = async (): Promise<void> => {
    while (!stopped()) {
      const task = await opts.pool.fetch({ worker, leaseMs, from, query: opts.query });
      if (task) {
        await runOne(task);
        continue;
      }
      if (opts.exitWhenEmpty && (await opts.pool.pending(opts.query, from)) === 0) return;
      await sleep(pollMs, opts.signal);
    }
  };
  const keeper = opts.pool.keepLeases();
  try {
    await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 1) }, lane));
  } finally {
    await keeper.close();
  }
  return summary;
}

/** Marks a recorder whose result was not committed FAILED and tagged, so no collector takes it. */
async function orphan(store: RecorderStore, id: string, why: string): Promise<void> {
  await store.setTags(id, { [ORPHAN_TAG]: why });
  await store.endRecorder(id, 'FAILED', { error: `not committed to the task pool: ${why}` });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** `work`'s value, or `grace-over` when `signal` aborted and `graceMs` more passed first. */
function untilStoppedPlusGrace<T>(work: Promise<T>, signal: AbortSignal | undefined, graceMs: number): Promise<T | 'grace-over'> {
  if (!signal) return work;
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      timer = setTimeout(() => resolve('grace-over'), graceMs);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
