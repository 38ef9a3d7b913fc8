import type { QlibProvider } from '@rollq/data';
import type { TaskConfig } from '@rollq/rolling';
import {
  type RecorderInfo,
  type RecorderStore,
  type RecordRegistry,
  type RollingTaskTrainer,
  type TaskComponents,
  TRAIN_STATUS_TAG,
} from '@rollq/workflow';
import { OnlineError } from '../errors.js';
import { type ModelTrainer, TRAIN_STATUS, type TrainProgress } from '../trainer/trainer.js';
import type { TrainerFactory } from '../trainer/trainer-factory.js';
import type { TaskDocument } from './task-document.js';
import type { TaskPool, TaskStat } from './task-pool.js';
import { runWorker, type WorkerTaskEvent } from './worker.js';

/** Qlib's tag naming a recorder's task in the pool (`TrainerRM.TM_ID`). */
export const POOL_TASK_TAG = '_id in TaskManager';

/** Options of {@link poolTrainers} / {@link poolRollingTrainer}. */
export interface PoolTrainerOptions {
  pool: TaskPool;
  /** The store workers put recorders in (the trainer reads them back from it) and its location. */
  store: RecorderStore;
  storeLocation: string;
  provider: QlibProvider;
  /** Qlib region of the data, recorded in the pool for workers elsewhere (default `cn`). */
  region?: string;
  /** Work on the tasks in this process too (Qlib's `skip_run_task=False`, default true); false: only `rollq worker`s train. */
  localWorker?: boolean;
  /** Lease of the local worker (ms, default 60 000). */
  leaseMs?: number;
  /** Polling of `wait` (ms, default 1000). */
  pollMs?: number;
  components?: TaskComponents;
  records?: RecordRegistry;
  onProgress?: (p: TrainProgress) => void;
  /** One line per task the local worker ended. */
  onTask?: (e: WorkerTaskEvent) => void;
  /** The pool's counts while waiting for other workers. */
  onWait?: (s: TaskStat) => void;
}

/** Creates the tasks (recording the pool's data / region / store), works on them unless told not to, waits. */
async function trainInPool(
  tasks: readonly TaskConfig[],
  experiment: string,
  opts: PoolTrainerOptions,
  after: 'done' | 'part_done',
  forceLocal = false,
): Promise<{ ids: string[]; docs: TaskDocument[] }> {
  await opts.pool.setMeta({ dataDir: opts.provider.root, region: opts.region ?? 'cn', store: opts.storeLocation });
  const ids = await opts.pool.createTasks(tasks, { experiment, after });
  const query = { _id: { $in: [...new Set(ids)] } };
  if (forceLocal || opts.localWorker !== false) {
    let index = 0;
    // a task a simulation left part_done is finished here too (end step), so waiting for `done` ends
    for (const stage of after === 'done' ? (['train', 'end'] as const) : (['train'] as const)) {
      await runWorker({
        stage,
        pool: opts.pool,
        store: opts.store,
        storeLocation: opts.storeLocation,
        provider: opts.provider,
        region: opts.region,
        query,
        exitWhenEmpty: true,
        leaseMs: opts.leaseMs,
        pollMs: opts.pollMs,
        components: opts.components,
        records: opts.records,
        onStart: (doc) => {
          index++;
          opts.onProgress?.({ kind: 'train-task', index, total: ids.length, experiment, task: JSON.parse(doc.def) as TaskConfig });
        },
        onTask: opts.onTask,
        onProgress: opts.onProgress,
      });
    }
  }
  await opts.pool.wait(query, { pollMs: opts.pollMs, partDoneIsDone: after === 'part_done', onStat: opts.onWait });
  return { ids, docs: await collect(opts.pool, ids, after) };
}

/** The documents of `ids` in input order; throws `POOL_TASKS_FAILED` naming each task without a result. */
async function collect(pool: TaskPool, ids: readonly string[], status: 'done' | 'part_done'): Promise<TaskDocument[]> {
  const docs = await Promise.all(ids.map((id) => pool.reQuery(id)));
  const bad = docs.map((d, i) => ({ d, id: ids[i]! })).filter(({ d }) => !d?.res || (d.status !== status && d.status !== 'done'));
  if (bad.length) {
    throw new OnlineError(
      'POOL_TASKS_FAILED',
      `${bad.length} of ${ids.length} tasks in pool ${pool.name} have no result: ${bad
        .slice(0, 3)
        .map(({ d, id }) => `${id} ${d?.status ?? 'missing'}${d?.error ? ` (${d.error})` : ''}`)
        .join('; ')}`,
      {
        hint: `see rollq task list --pool ${pool.name} --mongo <url>; fix the cause, then rollq task reset returns failed tasks to waiting`,
        details: { pool: pool.name, ids: bad.map((b) => b.id) },
      },
    );
  }
  return docs as TaskDocument[];
}

/** Qlib's `TrainerRM`: tasks go into the pool, trained here (unless `localWorker: false`) and by any `rollq worker`. */
export class PoolTrainer implements ModelTrainer {
  constructor(private readonly opts: PoolTrainerOptions) {}

  isDelay(): boolean {
    return false;
  }

  async train(tasks: readonly TaskConfig[], experiment: string): Promise<RecorderInfo[]> {
    if (tasks.length === 0) return [];
    const { ids, docs } = await trainInPool(tasks, experiment, this.opts, 'done');
    return Promise.all(
      docs.map((d, i) => this.opts.store.setTags(d.res!.recorder, { [TRAIN_STATUS_TAG]: TRAIN_STATUS.begin, [POOL_TASK_TAG]: ids[i]! })),
    );
  }

  async endTrain(recorders: readonly RecorderInfo[]): Promise<RecorderInfo[]> {
    return Promise.all(recorders.map((r) => this.opts.store.setTags(r.id, { [TRAIN_STATUS_TAG]: TRAIN_STATUS.end })));
  }
}

/**
 * Qlib's `DelayTrainerRM` (simulation): `train` logs each task into a recorder here (always, as Qlib forces)
 * and leaves it `part_done`; `endTrain` trains the part_done tasks (here unless `localWorker: false`, and by
 * `rollq worker --end-train`), waits until they are done and tags them `end_task_train`.
 */
export class DelayPoolTrainer implements ModelTrainer {
  constructor(private readonly opts: PoolTrainerOptions) {}

  isDelay(): boolean {
    return true;
  }

  async train(tasks: readonly TaskConfig[], experiment: string): Promise<RecorderInfo[]> {
    if (tasks.length === 0) return [];
    const { ids, docs } = await trainInPool(tasks, experiment, this.opts, 'part_done', true);
    return Promise.all(docs.map((d, i) => this.opts.store.setTags(d.res!.recorder, { [POOL_TASK_TAG]: ids[i]! })));
  }

  async endTrain(recorders: readonly RecorderInfo[], experiment: string): Promise<RecorderInfo[]> {
    if (recorders.length === 0) return [];
    const current = await Promise.all(recorders.map((r) => this.opts.store.getRecorder(r.id)));
    const ids = current.map((r) => r.tags[POOL_TASK_TAG]);
    const missing = current.filter((_, i) => !ids[i]);
    if (missing.length) {
      throw new OnlineError(
        'POOL_TASKS_FAILED',
        `recorder ${missing[0]!.id} has no "${POOL_TASK_TAG}" tag: it was not made by a pool trainer`,
        {
          hint: 'delayed recorders of a local DelayTrainer cannot be finished through a pool; run the simulation with one kind of trainer',
        },
      );
    }
    const query = { _id: { $in: [...new Set(ids as string[])] } };
    if (this.opts.localWorker !== false) {
      await runWorker({
        pool: this.opts.pool,
        store: this.opts.store,
        storeLocation: this.opts.storeLocation,
        provider: this.opts.provider,
        region: this.opts.region,
        query,
        stage: 'end',
        exitWhenEmpty: true,
        leaseMs: this.opts.leaseMs,
        pollMs: this.opts.pollMs,
        components: this.opts.components,
        records: this.opts.records,
        onTask: this.opts.onTask,
        onProgress: this.opts.onProgress,
      });
    }
    await this.opts.pool.wait(query, { pollMs: this.opts.pollMs, onStat: this.opts.onWait });
    const docs = await collect(this.opts.pool, ids as string[], 'done');
    void experiment;
    return Promise.all(docs.map((d) => this.opts.store.setTags(d.res!.recorder, { [TRAIN_STATUS_TAG]: TRAIN_STATUS.end })));
  }
}

/**
 * A {@link TrainerFactory} for the online manager whose trainers go through a task pool: `PoolTrainer`
 * (TrainerRM) for routines, `DelayPoolTrainer` (DelayTrainerRM) for simulation.
 *
 * @example
 * ```ts
 * const pool = await TaskPool.open('mongodb://127.0.0.1:27017/rollq', 'gbdt_us');
 * const manager = new OnlineManager({ ..., trainers: poolTrainers({ pool, store, storeLocation: 'mlruns', provider }) });
 * ```
 */
export function poolTrainers(opts: Omit<PoolTrainerOptions, 'region'>): TrainerFactory {
  return (delay, { region }) => (delay ? new DelayPoolTrainer({ ...opts, region }) : new PoolTrainer({ ...opts, region }));
}

/**
 * A {@link RollingTaskTrainer} for `runRollingWorkflow` through a task pool: the rolling tasks go into the
 * pool, are trained here (unless `localWorker: false`) and by `rollq worker`s, and the recorders come back in
 * task order. Pass `modelStore: opts.store` to the workflow so it reads them from the pool's store.
 */
export function poolRollingTrainer(opts: PoolTrainerOptions): RollingTaskTrainer {
  return async (tasks, { experiment, onProgress }) => {
    const trainer = new PoolTrainer({
      ...opts,
      onProgress: (p) => {
        if (p.kind === 'train-task') onProgress({ kind: 'task', index: p.index, total: p.total, segments: p.task.dataset.kwargs.segments });
        else onProgress(p);
        opts.onProgress?.(p);
      },
    });
    return trainer.train(tasks, experiment);
  };
}
