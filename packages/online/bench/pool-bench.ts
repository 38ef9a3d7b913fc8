/**
 * The MongoDB task pool: tasks per minute with 1 and 2 worker processes (8 small real GBDT tasks on the
 * shipped US data, each process's start included), fetch latency (p50 / p99 of the atomic fetch over 300
 * waiting tasks), and the re-queue latency after a SIGKILL (kill → another worker starts the task; bounded
 * by the lease). Uses MONGODB_URL when set, else a private mongo-java-server.
 * Run: npm run bench:pool -w @rollq/online
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskConfig } from '@rollq/rolling';
import { usQlibDir } from '@rollq/tools';
import { type MongoTestServer, startMongoTestServer } from '@rollq/tools/mongo';
import { smallGbdtTask } from '@rollq/workflow/testing';
import { TaskPool } from '../src/pool/task-pool.js';
import { spawnWorker } from '../src/pool/testing/spawn-worker.js';

const TASKS = 8;
const tasks = (n: number, salt: number): TaskConfig[] =>
  Array.from({ length: n }, (_, i) => {
    const t = smallGbdtTask(`2016-10-${String(10 + i).padStart(2, '0')}`);
    (t.model.kwargs as Record<string, unknown>).seed = salt; // a fresh task per run, so nothing is reused
    return t;
  });

const server: MongoTestServer | null = process.env.MONGODB_URL ? null : await startMongoTestServer();
const base = process.env.MONGODB_URL ?? server!.url;
const url = `${base.replace(/\/?$/, '/')}rollq_pool_bench_${Date.now()}`;
const data = await usQlibDir();
const root = mkdtempSync(join(tmpdir(), 'rollq-pool-bench-'));
const rows: Array<[string, string]> = [];

try {
  for (const workers of [1, 2]) {
    const name = `tpm${workers}`;
    const pool = await TaskPool.open(url, name);
    await pool.createTasks(tasks(TASKS, workers), { experiment: 'bench' });
    const t0 = Date.now();
    const procs = Array.from({ length: workers }, () => spawnWorker({ url, pool: name, store: join(root, name), data }));
    await Promise.all(procs.map((p) => p.exited));
    const s = await pool.stat();
    const minutes = (Date.now() - t0) / 60_000;
    if (s.done !== TASKS) throw new Error(`${workers} workers: ${JSON.stringify(s)}`);
    rows.push([
      `${workers} worker${workers > 1 ? 's' : ''}: ${TASKS} tasks`,
      `${(TASKS / minutes).toFixed(1)} tasks/min (${(minutes * 60).toFixed(1)} s wall)`,
    ]);
    await pool.close();
  }

  {
    const pool = await TaskPool.open(url, 'fetch');
    const many = Array.from({ length: 300 }, (_, i) => ({ ...smallGbdtTask(), seed: i }) as unknown as TaskConfig);
    await pool.createTasks(many, { experiment: 'bench' });
    const ms: number[] = [];
    for (;;) {
      const t = performance.now();
      const got = await pool.fetch({ worker: 'bench', leaseMs: 60_000 });
      ms.push(performance.now() - t);
      if (!got) break;
    }
    ms.sort((a, b) => a - b);
    const q = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))]!.toFixed(1);
    rows.push(['fetch latency over 300 tasks', `p50 ${q(0.5)} ms, p99 ${q(0.99)} ms`]);
    await pool.close();
  }

  {
    const lease = 5000;
    const pool = await TaskPool.open(url, 'requeue');
    await pool.createTasks(tasks(1, 7), { experiment: 'bench' });
    const doomed = spawnWorker({ url, pool: 'requeue', store: join(root, 'rq'), data, leaseMs: lease });
    const taken = await doomed.waitFor((e) => e.event === 'start');
    const rescuer = spawnWorker({ url, pool: 'requeue', store: join(root, 'rq'), data, pollMs: 100 });
    doomed.child.kill('SIGKILL');
    const killed = Date.now();
    await doomed.exited;
    const expires = (await pool.reQuery(taken.id!))!.leaseUntil!.getTime();
    const again = await rescuer.waitFor((e) => e.event === 'start' && e.id === taken.id, 60_000);
    await rescuer.exited;
    rows.push([
      `re-queue after SIGKILL (lease ${lease / 1000} s)`,
      `${((again.t - killed) / 1000).toFixed(2)} s from kill to restart, ${again.t - expires} ms after the lease expired (poll 100 ms)`,
    ]);
    await pool.close();
  }
} finally {
  rmSync(root, { recursive: true, force: true });
  await server?.stop();
}

const width = Math.max(...rows.map(([k]) => k.length));
console.log(`pool bench (${server ? 'mongo-java-server' : 'MONGODB_URL'}; ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)})`);
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
