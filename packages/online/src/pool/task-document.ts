import { createHash } from 'node:crypto';
import type { TaskConfig } from '@rollq/rolling';
import { canonicalJson } from '@rollq/workflow';
import { OnlineError } from '../errors.js';

/**
 * The task document of a pool, driver-free (types and pure helpers only, so `@rollq/online` can export them
 * without loading `mongodb`). Qlib's TaskManager keeps `def` (pickled), `filter` (plain BSON), `status`,
 * `priority`, `res`; rollq keeps `def` as the canonical JSON text (exact, no pickle) beside the queryable
 * `filter` copy, and adds the lease fields that let a crashed worker's task be taken over.
 */

/** Qlib's statuses plus `failed` (a task that failed `maxAttempts` times). */
export const TASK_STATUS = {
  waiting: 'waiting',
  running: 'running',
  done: 'done',
  partDone: 'part_done',
  failed: 'failed',
} as const;

/** Where a task stands. */
export type TaskStatus = (typeof TASK_STATUS)[keyof typeof TASK_STATUS];

/** The statuses a task is fetched from: `waiting` (train or begin), `part_done` (DelayTrainerRM's end_train). */
export type FetchableStatus = 'waiting' | 'part_done';

/** Where a task's result lives: the recorder a worker trained, in the store at `store`. */
export interface TaskResult {
  recorder: string;
  experiment: string;
  /** The store location (a folder or a `mongodb://` URL, password removed). */
  store: string;
}

/** One task of a pool as stored. */
export interface TaskDocument {
  _id: string;
  /** sha256 of the canonical JSON of the task (unique index: a task is created once). */
  hash: string;
  /** The task as canonical JSON text: what workers train (exact and reversible). */
  def: string;
  /** The same task as a plain document for queries (`filter.model.class`); keys with `.` / `$` escaped. */
  filter: Record<string, unknown>;
  /** Experiment the task's recorder goes to (Qlib passes it to `run_task`). */
  experiment: string;
  /** What the `waiting → …` step produces: `done` (train) or `part_done` (DelayTrainerRM: the task is only logged). */
  after: 'done' | 'part_done';
  status: TaskStatus;
  /** Larger is fetched first (Qlib's `prioritize`). */
  priority: number;
  /** Insertion order among tasks created in the same millisecond. */
  seq: number;
  /** The status a running task was fetched from (an expired lease returns it there). */
  from: FetchableStatus | null;
  /** Worker holding (or that last held) the task. */
  worker: string | null;
  /** Token of the current lease; a commit must name it. */
  lease: string | null;
  leaseUntil: Date | null;
  /** Fetches so far (each failure or expired lease used one). */
  attempts: number;
  res: TaskResult | null;
  /** The last failure (kept when the task is retried). */
  error: string | null;
  created: Date;
  updated: Date;
  started: Date | null;
  finished: Date | null;
}

/** A pool's own settings, so a worker on another machine knows the data and store its tasks need. */
export interface PoolMeta {
  /** The pool's name (`_id` of its meta document). */
  _id: string;
  /** Qlib data folder the tasks read (a worker's `--data` overrides). */
  dataDir: string | null;
  /** Qlib region of the data (`us`, `cn`). */
  region: string | null;
  /** Recorder store location the results go to (a worker's `--store` overrides). */
  store: string | null;
  updated: Date;
}

/** Stable id of a task: sha256 of its canonical JSON (key order does not matter). */
export function taskHash(task: TaskConfig | Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(task)).digest('hex');
}

const ESCAPES: Array<[string, string]> = [
  ['\\', '\\\\'],
  ['.', '\\d'],
  ['$', '\\s'],
];

/** A key safe as a BSON field name: `\` → `\\`, `.` → `\d`, `$` → `\s` (reversed by {@link unescapeKey}). */
export function escapeKey(key: string): string {
  let out = '';
  for (const ch of key) out += ESCAPES.find(([c]) => c === ch)?.[1] ?? ch;
  return out;
}

/** Inverse of {@link escapeKey}. */
export function unescapeKey(key: string): string {
  return key.replace(/\\(\\|d|s)/g, (_m, c: string) => (c === '\\' ? '\\' : c === 'd' ? '.' : '$'));
}

/** A copy of `value` whose object keys are all escaped with {@link escapeKey} (arrays and scalars as they are). */
export function escapeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(escapeKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [escapeKey(k), escapeKeys(v)]));
  }
  return value;
}

const POOL_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

/** Throws `POOL_NAME_INVALID` unless `name` is 1-63 letters, digits, `_` or `-`, starting with a letter or digit. */
export function validatePoolName(name: string): string {
  if (!POOL_NAME.test(name)) {
    throw new OnlineError('POOL_NAME_INVALID', `task pool name "${name}" is not allowed`, {
      hint: 'use 1-63 letters, digits, _ or - starting with a letter or digit (e.g. --pool gbdt_us); it names a MongoDB collection',
      details: { pool: name },
    });
  }
  return name;
}

/** The task a document holds (its canonical JSON parsed back). */
export function taskOf(doc: Pick<TaskDocument, '_id' | 'def'>): TaskConfig {
  try {
    return JSON.parse(doc.def) as TaskConfig;
  } catch {
    throw new OnlineError('POOL_TASK_INVALID', `task ${doc._id} of the pool holds no task JSON in "def"`, {
      hint: 'the document was not written by rollq; remove it (rollq task drop) and create the tasks again',
      details: { id: doc._id },
    });
  }
}

/** The test segment of a task, `start..end` (for log lines). */
export function testSegmentText(task: TaskConfig): string {
  const seg = (task.dataset?.kwargs as { segments?: Record<string, unknown> } | undefined)?.segments?.test;
  return Array.isArray(seg) ? `${seg[0] ?? '…'}..${seg[1] ?? '…'}` : '-';
}
