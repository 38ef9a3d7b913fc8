import { randomUUID } from 'node:crypto';
import type { TaskConfig } from '@rollq/rolling';
import { canonicalJson } from '@rollq/workflow';
import { type ConnectMongoOptions, connectMongo, type MongoConnection, withRetry } from '@rollq/workflow/mongo';
import type { Collection, Filter, MongoServerError } from 'mongodb';
import { OnlineError } from '../errors.js';
import { type LeaseKeeper, startLeaseKeeper } from './lease-keeper.js';
import {
  escapeKeys,
  type FetchableStatus,
  type PoolMeta,
  TASK_STATUS,
  type TaskDocument,
  type TaskResult,
  type TaskStatus,
  taskHash,
  validatePoolName,
} from './task-document.js';

/** Collection of the pools' meta documents (one per pool, `_id` = pool name). */
export const POOL_META_COLLECTION = 'rollq_pools';
/** A pool's tasks live in `tasks_<pool>` (a prefix, so a pool never collides with the recorder store's collections). */
export const POOL_COLLECTION_PREFIX = 'tasks_';

/** Options of {@link TaskPool.open}. */
export interface TaskPoolOptions extends Pick<ConnectMongoOptions, 'serverSelectionTimeoutMS'> {
  /** Failures (errors or expired leases) after which a task is `failed` (default 3). */
  maxAttempts?: number;
  /** How long a transient network error is retried before `MONGO_UNREACHABLE` (ms, default 60 000). */
  retryMs?: number;
}

/** Options of {@link TaskPool.createTasks}. */
export interface CreateTasksOptions {
  experiment: string;
  /** What training a waiting task produces (default `done`; `part_done` for DelayTrainerRM). */
  after?: 'done' | 'part_done';
  priority?: number;
}

/** A task a worker holds: the document as fetched (with its lease token). */
export type LeasedTask = TaskDocument & { lease: string; from: FetchableStatus };

/** Counts per status. */
export type TaskStat = Record<TaskStatus, number>;

/** What {@link TaskPool.commit} / {@link TaskPool.fail} did. */
export type CommitOutcome = 'committed' | 'refused';

/**
 * Qlib's `TaskManager` on one collection, with leases: tasks are created once (unique hash), fetched by one
 * atomic `findOneAndUpdate` (highest priority first, then oldest), held under a lease a worker renews, and
 * committed only by the lease holder. A task whose lease expired is fetched again; one that failed
 * `maxAttempts` times ends `failed` with its error. No transactions or pipeline updates are used (the test
 * server has neither), and every write can be repeated after a dropped connection.
 */
export class TaskPool {
  readonly name: string;
  readonly maxAttempts: number;
  private readonly tasks: Collection<TaskDocument>;
  private readonly meta: Collection<PoolMeta>;
  private readonly retryMs: number;

  private constructor(
    private readonly conn: MongoConnection,
    private readonly rawUrl: string,
    name: string,
    opts: TaskPoolOptions,
  ) {
    this.name = name;
    this.maxAttempts = opts.maxAttempts ?? 3;
    this.retryMs = opts.retryMs ?? 60_000;
    this.tasks = conn.db.collection<TaskDocument>(`${POOL_COLLECTION_PREFIX}${name}`);
    this.meta = conn.db.collection<PoolMeta>(POOL_META_COLLECTION);
  }

  /** Connects and opens pool `name` (created on first use; its unique hash index is made here). */
  static async open(url: string, name: string, opts: TaskPoolOptions = {}): Promise<TaskPool> {
    validatePoolName(name);
    if (opts.maxAttempts !== undefined && (!Number.isInteger(opts.maxAttempts) || opts.maxAttempts < 1)) {
      throw new OnlineError('CONFIG_INVALID', `maxAttempts must be a whole number >= 1, got ${opts.maxAttempts}`, {
        hint: 'e.g. --max-attempts 3',
      });
    }
    // retryWrites off: a standalone server has none, and the pool repeats its own idempotent writes (withRetry)
    const conn = await connectMongo(url, { serverSelectionTimeoutMS: opts.serverSelectionTimeoutMS, retryWrites: false });
    const pool = new TaskPool(conn, url, name, opts);
    try {
      await pool.retry(() => pool.tasks.createIndex({ hash: 1 }, { unique: true, name: 'hash_unique' }));
    } catch (e) {
      await conn.close();
      throw e;
    }
    return pool;
  }

  /** The server URL without its password. */
  get url(): string {
    return this.conn.url;
  }

  /** A thread that renews this pool's leases while the main event loop is busy training (see {@link startLeaseKeeper}). */
  keepLeases(): LeaseKeeper {
    return startLeaseKeeper({ url: this.rawUrl, db: this.conn.db.databaseName, collection: this.tasks.collectionName });
  }

  /** Closes the connection. */
  close(): Promise<void> {
    return this.conn.close();
  }

  private retry<T>(op: () => Promise<T>): Promise<T> {
    return withRetry(op, { url: this.conn.url, budgetMs: this.retryMs });
  }

  /**
   * Qlib's `create_task`: inserts the tasks not in the pool yet and returns every task's id in input order. A
   * task already there (same canonical JSON, whatever its status) keeps its document, so a finished one is
   * reused, not trained again.
   */
  async createTasks(tasks: readonly TaskConfig[], opts: CreateTasksOptions): Promise<string[]> {
    const now = Date.now();
    const ids: string[] = [];
    for (const [i, task] of tasks.entries()) {
      const hash = taskHash(task);
      const id = hash.slice(0, 16);
      ids.push(id);
      const created = new Date(now);
      const doc: TaskDocument = {
        _id: id,
        hash,
        def: canonicalJson(task),
        filter: escapeKeys(task) as Record<string, unknown>,
        experiment: opts.experiment,
        after: opts.after ?? 'done',
        status: TASK_STATUS.waiting,
        priority: opts.priority ?? 0,
        seq: i,
        from: null,
        worker: null,
        lease: null,
        leaseUntil: null,
        attempts: 0,
        res: null,
        error: null,
        created,
        updated: created,
        started: null,
        finished: null,
      };
      await this.retry(async () => {
        try {
          await this.tasks.insertOne(doc);
        } catch (e) {
          // a repeat after a lost reply, or a task created before: either way it is there once
          if ((e as MongoServerError).code !== 11000) throw e;
        }
      });
    }
    return ids;
  }

  /**
   * Qlib's `fetch_task`, one atomic `findOneAndUpdate`: a task in `from` (or a running one whose lease expired
   * and that has attempts left) becomes `running` under a fresh lease of `worker`, highest priority first, then
   * oldest. Tasks whose last lease expired with no attempts left become `failed` first. Returns null when none.
   */
  async fetch(opts: { worker: string; leaseMs: number; from?: FetchableStatus; query?: Filter<TaskDocument> }): Promise<LeasedTask | null> {
    const from = opts.from ?? 'waiting';
    const now = new Date();
    await this.failExhausted(now);
    const token = randomUUID();
    const ready: Filter<TaskDocument> = {
      $or: [{ status: from }, { status: TASK_STATUS.running, from, leaseUntil: { $lt: now }, attempts: { $lt: this.maxAttempts } }],
    };
    const filter: Filter<TaskDocument> = opts.query ? { $and: [opts.query, ready] } : ready;
    let repeat = false;
    const doc = await this.retry(async () => {
      // a reply lost after the server applied the update left the task under this token: take it back
      if (repeat) {
        const mine = await this.tasks.findOne({ lease: token });
        if (mine) return mine;
      }
      repeat = true;
      return this.tasks.findOneAndUpdate(
        filter,
        {
          $set: {
            status: TASK_STATUS.running,
            from,
            worker: opts.worker,
            lease: token,
            leaseUntil: new Date(now.getTime() + opts.leaseMs),
            started: now,
            updated: now,
          },
          $inc: { attempts: 1 },
        },
        { sort: { priority: -1, created: 1, seq: 1 }, returnDocument: 'after' },
      );
    });
    return doc as LeasedTask | null;
  }

  /** Running tasks whose lease expired after their last attempt end `failed`. */
  private async failExhausted(now: Date): Promise<void> {
    await this.retry(() =>
      this.tasks.updateMany(
        { status: TASK_STATUS.running, leaseUntil: { $lt: now }, attempts: { $gte: this.maxAttempts } },
        {
          $set: {
            status: TASK_STATUS.failed,
            error: `its worker stopped renewing the lease on each of ${this.maxAttempts} attempts (killed or stalled); the last one is in "worker"`,
            lease: null,
            leaseUntil: null,
            updated: now,
          },
        },
      ),
    );
  }

  /** Extends the lease of a held task; false when the lease was lost (expired and taken over, or reset). */
  async renew(task: LeasedTask, leaseMs: number): Promise<boolean> {
    const now = Date.now();
    const r = await this.retry(() =>
      this.tasks.updateOne(
        { _id: task._id, status: TASK_STATUS.running, lease: task.lease },
        { $set: { leaseUntil: new Date(now + leaseMs), updated: new Date(now) } },
      ),
    );
    return r.matchedCount === 1;
  }

  /**
   * Qlib's `commit_task_res`, conditional on the lease: only the worker still holding `task.lease` commits;
   * a late commit after a takeover is `refused` (the caller marks its recorder an orphan). Repeating a commit
   * that went through (a lost reply) reports `committed`.
   */
  async commit(task: LeasedTask, res: TaskResult, status: 'done' | 'part_done' = 'done'): Promise<CommitOutcome> {
    return this.retry(async () => {
      const now = new Date();
      const r = await this.tasks.updateOne(
        { _id: task._id, status: TASK_STATUS.running, lease: task.lease },
        { $set: { status, res, error: null, leaseUntil: null, finished: now, updated: now } },
      );
      if (r.matchedCount === 1) return 'committed';
      const cur = await this.tasks.findOne({ _id: task._id });
      return cur?.status === status && cur.lease === task.lease && cur.res?.recorder === res.recorder ? 'committed' : 'refused';
    });
  }

  /**
   * A held task failed with `error`: back to where it was fetched from (error kept) while it has attempts left,
   * else `failed`. Refused when the lease was lost. Returns the status it went to, or `refused`.
   */
  async fail(task: LeasedTask, error: string): Promise<'failed' | FetchableStatus | 'refused'> {
    const next = task.attempts >= this.maxAttempts ? TASK_STATUS.failed : task.from;
    return this.retry(async () => {
      const now = new Date();
      const r = await this.tasks.updateOne(
        { _id: task._id, status: TASK_STATUS.running, lease: task.lease },
        { $set: { status: next, error, lease: null, leaseUntil: null, updated: now, ...(next === 'failed' ? { finished: now } : {}) } },
      );
      if (r.matchedCount === 1) return next;
      const cur = await this.tasks.findOne({ _id: task._id });
      return cur?.status === next && cur.error === error ? next : 'refused';
    });
  }

  /** Qlib's `return_task`: a held task goes back to where it came from without using an attempt (SIGTERM). */
  async release(task: LeasedTask): Promise<boolean> {
    const r = await this.retry(() =>
      this.tasks.updateOne(
        { _id: task._id, status: TASK_STATUS.running, lease: task.lease },
        { $set: { status: task.from, lease: null, leaseUntil: null, updated: new Date() }, $inc: { attempts: -1 } },
      ),
    );
    return r.matchedCount === 1;
  }

  /** Qlib's `re_query`: the document of one task, or null. */
  reQuery(id: string): Promise<TaskDocument | null> {
    return this.retry(() => this.tasks.findOne({ _id: id }));
  }

  /** Qlib's `query`: documents matching `query`, in fetch order. */
  list(query: Filter<TaskDocument> = {}): Promise<TaskDocument[]> {
    return this.retry(() => this.tasks.find(query).sort({ priority: -1, created: 1, seq: 1 }).toArray());
  }

  /** Qlib's `task_stat`: counts per status (every status present, zero when none). */
  async stat(query: Filter<TaskDocument> = {}): Promise<TaskStat> {
    const out: TaskStat = { waiting: 0, running: 0, done: 0, part_done: 0, failed: 0 };
    const docs = await this.retry(() => this.tasks.find(query, { projection: { status: 1 } }).toArray());
    for (const d of docs) out[d.status] = (out[d.status] ?? 0) + 1;
    return out;
  }

  /** Tasks that still need work from `from`: waiting there, or running under someone's lease (which may expire). */
  async pending(query: Filter<TaskDocument> = {}, from: FetchableStatus = 'waiting'): Promise<number> {
    const open: Filter<TaskDocument> = { $or: [{ status: from }, { status: TASK_STATUS.running, from }] };
    return this.retry(() => this.tasks.countDocuments(query && Object.keys(query).length ? { $and: [query, open] } : open));
  }

  /**
   * Qlib's `wait`: polls until no task of `query` is waiting or running (nor `part_done` unless `partDoneIsDone`),
   * every `pollMs` (default 1 s; Qlib 10 s), reporting the counts. Returns the final counts.
   */
  async wait(
    query: Filter<TaskDocument> = {},
    opts: { pollMs?: number; partDoneIsDone?: boolean; signal?: AbortSignal; onStat?: (s: TaskStat) => void } = {},
  ): Promise<TaskStat> {
    for (;;) {
      const s = await this.stat(query);
      opts.onStat?.(s);
      if (s.waiting + s.running + (opts.partDoneIsDone ? 0 : s.part_done) === 0) return s;
      if (opts.signal?.aborted) return s;
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 1000));
    }
  }

  /**
   * Qlib's `reset_waiting`, for crashed runs: `failed` tasks and running tasks whose lease expired go back to
   * waiting (part_done for a delayed end step) with fresh attempts; `{ running: true }` also takes live leases
   * (their workers' commits are then refused). Returns how many moved.
   */
  async reset(query: Filter<TaskDocument> = {}, opts: { running?: boolean } = {}): Promise<number> {
    const now = new Date();
    const stuck: Filter<TaskDocument> = opts.running
      ? { status: TASK_STATUS.running }
      : { status: TASK_STATUS.running, leaseUntil: { $lt: now } };
    let moved = 0;
    for (const back of ['waiting', 'part_done'] as const) {
      // a failed task goes back to where its last attempt came from; one never fetched from part_done is waiting
      const which: Filter<TaskDocument> = {
        $or: [
          { ...stuck, from: back },
          back === 'waiting' ? { status: TASK_STATUS.failed, from: { $ne: 'part_done' } } : { status: TASK_STATUS.failed, from: back },
        ],
      };
      const r = await this.retry(() =>
        this.tasks.updateMany(Object.keys(query).length ? { $and: [query, which] } : which, {
          $set: { status: back, attempts: 0, lease: null, leaseUntil: null, updated: now },
        }),
      );
      moved += r.modifiedCount;
    }
    return moved;
  }

  /** Qlib's `remove`: drops the pool's tasks (all, or those matching `query`) and, for all, its meta document. */
  async drop(query?: Filter<TaskDocument>): Promise<number> {
    if (query && Object.keys(query).length) return (await this.retry(() => this.tasks.deleteMany(query))).deletedCount;
    const n = await this.retry(() => this.tasks.countDocuments());
    await this.retry(() =>
      this.tasks.drop().catch((e: MongoServerError) => (e.codeName === 'NamespaceNotFound' ? true : Promise.reject(e))),
    );
    await this.retry(() => this.meta.deleteOne({ _id: this.name }));
    return n;
  }

  /** Qlib's `prioritize`: larger is fetched first. */
  async prioritize(id: string, priority: number): Promise<void> {
    await this.retry(() => this.tasks.updateOne({ _id: id }, { $set: { priority } }));
  }

  /** The pool's settings (data folder, region, store), or null before a driver wrote them. */
  getMeta(): Promise<PoolMeta | null> {
    return this.retry(() => this.meta.findOne({ _id: this.name }));
  }

  /** Records where the pool's tasks read their data and put their results (so workers elsewhere can default to it). */
  async setMeta(meta: Partial<Omit<PoolMeta, '_id' | 'updated'>>): Promise<void> {
    const set = Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== undefined));
    await this.retry(() => this.meta.updateOne({ _id: this.name }, { $set: { ...set, updated: new Date() } }, { upsert: true }));
  }
}
