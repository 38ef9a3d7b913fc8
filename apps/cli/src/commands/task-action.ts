import { type TaskDocument, TaskPool, type TaskStat, taskOf, testSegmentText } from '@rollq/online/mongo';
import { endProgress, progress } from '../progress.js';

/** The work of `rollq task …` (its options: ./task.ts), loaded when the command runs. */

/** Options every `rollq task` command has. */
export interface PoolCommandOptions {
  mongo: string;
  pool: string;
  json?: boolean;
}

/** Opens the pool of `--mongo` / `--pool`, runs `fn`, closes the connection (so the process can exit). */
export async function withPool<T>(opts: PoolCommandOptions & { maxAttempts?: number }, fn: (pool: TaskPool) => Promise<T>): Promise<T> {
  const pool = await TaskPool.open(opts.mongo, opts.pool, { maxAttempts: opts.maxAttempts });
  try {
    return await fn(pool);
  } finally {
    await pool.close();
  }
}

function statLine(s: TaskStat): string {
  return Object.entries(s)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

function out(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** `rollq task stat`: counts per status. */
export async function taskStatAction(opts: PoolCommandOptions): Promise<void> {
  const s = await withPool(opts, (pool) => pool.stat());
  if (opts.json) out(JSON.stringify(s));
  else for (const [status, n] of Object.entries(s)) out(`${status.padEnd(10)} ${n}`);
}

/** A task document for `--json`: the definition parsed, dates as ISO text. */
function plain(d: TaskDocument): Record<string, unknown> {
  const { def: _def, filter: _filter, ...rest } = d;
  return { ...rest, task: taskOf(d) };
}

/** `rollq task list`: the tasks in fetch order. */
export async function taskListAction(opts: PoolCommandOptions & { status?: string }): Promise<void> {
  const docs = await withPool(opts, (pool) => pool.list(opts.status ? { status: opts.status as TaskDocument['status'] } : {}));
  if (opts.json) {
    out(JSON.stringify(docs.map(plain), null, 2));
    return;
  }
  const now = Date.now();
  // a running task whose lease passed is stuck: its worker died or stalled (the next fetch takes it over)
  const lease = (d: TaskDocument): string =>
    d.status !== 'running' || !d.leaseUntil
      ? '-'
      : d.leaseUntil.getTime() < now
        ? 'expired'
        : `${Math.ceil((d.leaseUntil.getTime() - now) / 1000)}s`;
  const rows = docs.map((d) => [
    d._id,
    d.status,
    String(d.priority),
    String(d.attempts),
    d.worker ?? '-',
    lease(d),
    testSegmentText(taskOf(d)),
    d.res?.recorder ?? '-',
    d.error ? d.error.replace(/\s+/g, ' ').slice(0, 80) : '',
  ]);
  const head = ['id', 'status', 'priority', 'attempts', 'worker', 'lease', 'test', 'recorder', 'error'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(i === r.length - 1 ? 0 : widths[i]!))
      .join('  ')
      .trimEnd();
  out(line(head));
  for (const r of rows) out(line(r));
  if (rows.length === 0) process.stderr.write(`rollq: pool ${opts.pool} holds no task${opts.status ? ` in status ${opts.status}` : ''}\n`);
}

/** `rollq task wait`: polls until nothing is waiting, running or part_done. */
export async function taskWaitAction(opts: PoolCommandOptions & { poll: number }): Promise<void> {
  const started = Date.now();
  const s = await withPool(opts, (pool) =>
    pool.wait(
      {},
      {
        pollMs: opts.poll,
        onStat: (st) => progress(`pool ${opts.pool}: ${statLine(st)} (${((Date.now() - started) / 1000).toFixed(0)} s)`),
      },
    ),
  );
  endProgress();
  if (opts.json) out(JSON.stringify(s));
  else out(`pool ${opts.pool}: ${statLine(s)}`);
}

/** `rollq task reset`: failed and stuck tasks back to waiting. */
export async function taskResetAction(opts: PoolCommandOptions & { running?: boolean }): Promise<void> {
  const moved = await withPool(opts, (pool) => pool.reset({}, { running: opts.running }));
  if (opts.json) out(JSON.stringify({ reset: moved }));
  else out(`pool ${opts.pool}: ${moved} task${moved === 1 ? '' : 's'} back to waiting`);
}

/** `rollq task drop`: removes the pool. */
export async function taskDropAction(opts: PoolCommandOptions): Promise<void> {
  const n = await withPool(opts, (pool) => pool.drop());
  if (opts.json) out(JSON.stringify({ dropped: n }));
  else out(`pool ${opts.pool}: dropped (${n} task${n === 1 ? '' : 's'})`);
}
