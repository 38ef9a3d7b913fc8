/**
 * A worker process for the multi-process pool tests and the bench: `tsx --conditions=@rollq/source
 * worker-process.ts <json options>` runs {@link runWorker} with `exitWhenEmpty` against a directory store
 * and prints one JSON line per event (`start`, `task`, `exit`) on stdout. SIGTERM stops it (grace, release).
 */
import { QlibProvider } from '@rollq/data';
import { DirectoryRecorderStore } from '@rollq/workflow';
import { TaskPool } from '../task-pool.js';
import { runWorker } from '../worker.js';

interface Args {
  url: string;
  pool: string;
  store: string;
  data: string;
  leaseMs?: number;
  pollMs?: number;
  maxAttempts?: number;
  graceMs?: number;
  concurrency?: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const say = (o: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify({ pid: process.pid, t: Date.now(), ...o })}\n`);
};
const stop = new AbortController();
process.on('SIGTERM', () => stop.abort());
const pool = await TaskPool.open(args.url, args.pool, { maxAttempts: args.maxAttempts, serverSelectionTimeoutMS: 10_000 });
try {
  const summary = await runWorker({
    pool,
    store: new DirectoryRecorderStore(args.store),
    storeLocation: args.store,
    provider: QlibProvider.open(args.data),
    region: 'us',
    exitWhenEmpty: true,
    leaseMs: args.leaseMs ?? 60_000,
    pollMs: args.pollMs ?? 200,
    graceMs: args.graceMs,
    concurrency: args.concurrency,
    signal: stop.signal,
    onStart: (t) => say({ event: 'start', id: t._id, attempt: t.attempts }),
    onTask: (e) => say({ event: 'task', ...e }),
  });
  say({ event: 'exit', summary });
} finally {
  await pool.close();
}
process.exit(0);
