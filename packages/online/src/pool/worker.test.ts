import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QlibProvider } from '@rollq/data';
import type { TaskConfig } from '@rollq/rolling';
import { usQlibDir } from '@rollq/tools';
import { freshMongoUrl, startMongoTestServer } from '@rollq/tools/mongo';
import { DirectoryRecorderStore } from '@rollq/workflow';
import { smallGbdtTask } from '@rollq/workflow/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskPool } from './task-pool.js';
import { spawnWorker } from './testing/spawn-worker.js';
import { runWorker, type WorkerTaskEvent } from './worker.js';

/** Distinct cheap real tasks: the small GBDT task with test windows ending on different October days. */
const tasks = (n: number): TaskConfig[] => Array.from({ length: n }, (_, i) => smallGbdtTask(`2016-10-${String(10 + i).padStart(2, '0')}`));

let data: string;
let root: string;
const pools: TaskPool[] = [];
beforeAll(async () => {
  data = await usQlibDir();
  root = mkdtempSync(join(tmpdir(), 'rollq-pool-'));
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  rmSync(root, { recursive: true, force: true });
});
async function openPool(url: string, opts: { maxAttempts?: number } = {}): Promise<TaskPool> {
  const pool = await TaskPool.open(url, 'p', { serverSelectionTimeoutMS: 10_000, ...opts });
  pools.push(pool);
  return pool;
}
let n = 0;
const storeDir = (): string => join(root, `store${n++}`);

/** Every task done once: one FINISHED recorder per task, each the one its document names, no orphans. */
async function expectTrainedOnce(pool: TaskPool, store: DirectoryRecorderStore, count: number): Promise<void> {
  const docs = await pool.list();
  expect(docs.map((d) => d.status)).toEqual(Array(count).fill('done'));
  const recs = await store.listRecorders('e');
  const finished = recs.filter((r) => r.status === 'FINISHED');
  expect(finished.length).toBe(count);
  expect(new Set(docs.map((d) => d.res?.recorder))).toEqual(new Set(finished.map((r) => r.id)));
  for (const d of docs) expect((await store.loadPredictions(d.res!.recorder, 'pred')).numRows()).toBeGreaterThan(0);
}

describe('runWorker on real tasks', () => {
  it('trains each task into the store, commits its recorder, and fails a broken task after maxAttempts', async () => {
    const pool = await openPool(freshMongoUrl('worker'), { maxAttempts: 2 });
    const dir = storeDir();
    const store = new DirectoryRecorderStore(dir);
    const broken = { ...smallGbdtTask(), model: { class: 'NoSuchModel', kwargs: {} } } as TaskConfig;
    const [good, bad] = await pool.createTasks([tasks(1)[0]!, broken], { experiment: 'e' });
    const events: WorkerTaskEvent[] = [];
    const summary = await runWorker({
      pool,
      store,
      storeLocation: dir,
      provider: QlibProvider.open(data),
      region: 'us',
      exitWhenEmpty: true,
      pollMs: 50,
      onTask: (e) => events.push(e),
    });
    expect(summary).toMatchObject({ done: 1, retry: 1, failed: 1, lost: 0 });
    expect(events.map((e) => [e.id, e.outcome])).toEqual([
      [good, 'done'],
      [bad, 'retry'],
      [bad, 'failed'],
    ]);
    expect(events[0]!.segments).toBe('2016-10-03..2016-10-10');
    const doc = (await pool.reQuery(good!))!;
    expect(doc.res).toMatchObject({ experiment: 'e', store: dir });
    expect((await store.getRecorder(doc.res!.recorder)).status).toBe('FINISHED');
    expect(await pool.reQuery(bad!)).toMatchObject({ status: 'failed', attempts: 2, error: expect.stringMatching(/NoSuchModel/) });
  });

  it('--concurrency 2 in one process trains every task once, two at a time', async () => {
    const pool = await openPool(freshMongoUrl('lanes'));
    const dir = storeDir();
    const store = new DirectoryRecorderStore(dir);
    await pool.createTasks(tasks(4), { experiment: 'e' });
    let running = 0;
    let most = 0;
    const summary = await runWorker({
      pool,
      store,
      storeLocation: dir,
      provider: QlibProvider.open(data),
      region: 'us',
      concurrency: 2,
      exitWhenEmpty: true,
      pollMs: 50,
      onStart: () => {
        running++;
        most = Math.max(most, running);
      },
      onTask: () => {
        running--;
      },
    });
    expect(summary.done).toBe(4);
    expect(most).toBe(2);
    await expectTrainedOnce(pool, store, 4);
  });

  it('4 worker processes on one pool train every task exactly once', async () => {
    const url = freshMongoUrl('four');
    const pool = await openPool(url);
    const dir = storeDir();
    await pool.createTasks(tasks(8), { experiment: 'e' });
    const workers = Array.from({ length: 4 }, () => spawnWorker({ url, pool: 'p', store: dir, data }));
    const codes = await Promise.all(workers.map((w) => w.exited));
    expect(codes, workers.map((w) => w.stderr()).join('\n')).toEqual([0, 0, 0, 0]);
    const done = workers.flatMap((w) => w.events.filter((e) => e.event === 'task' && e.outcome === 'done').map((e) => e.id));
    expect(done.length).toBe(8);
    expect(new Set(done).size).toBe(8);
    await expectTrainedOnce(pool, new DirectoryRecorderStore(dir), 8);
  });

  it('a worker killed with SIGKILL mid-task: its task is fetched again after the lease, finished by another, nothing lost or committed twice', async () => {
    const url = freshMongoUrl('kill');
    const pool = await openPool(url);
    const dir = storeDir();
    await pool.createTasks(tasks(3), { experiment: 'e' });
    const doomed = spawnWorker({ url, pool: 'p', store: dir, data, leaseMs: 2000 });
    const taken = await doomed.waitFor((e) => e.event === 'start');
    doomed.child.kill('SIGKILL');
    expect(await doomed.exited).toBe('SIGKILL');
    const killedAt = Date.now();
    const rescuer = spawnWorker({ url, pool: 'p', store: dir, data });
    const again = await rescuer.waitFor((e) => e.event === 'start' && e.id === taken.id);
    expect(again.attempt).toBe(2);
    expect(again.t - killedAt).toBeGreaterThanOrEqual(0);
    expect(await rescuer.exited).toBe(0);
    const docs = await pool.list();
    expect(docs.find((d) => d._id === taken.id)).toMatchObject({ status: 'done', attempts: 2 });
    await expectTrainedOnce(pool, new DirectoryRecorderStore(dir), 3);
  });

  it('a SIGTERM with no grace left returns the running task to waiting without using an attempt', async () => {
    const url = freshMongoUrl('term');
    const pool = await openPool(url);
    await pool.createTasks(tasks(1), { experiment: 'e' });
    const w = spawnWorker({ url, pool: 'p', store: storeDir(), data, graceMs: 0 });
    const taken = await w.waitFor((e) => e.event === 'start');
    w.child.kill('SIGTERM');
    const exit = await w.waitFor((e) => e.event === 'exit');
    expect(exit.summary).toMatchObject({ released: 1, done: 0 });
    expect(await w.exited).toBe(0);
    expect(await pool.reQuery(taken.id!)).toMatchObject({ status: 'waiting', attempts: 0, lease: null });
  });

  it('workers survive a server kill and restart mid-run and finish every task once', async () => {
    const server = await startMongoTestServer();
    try {
      const url = `${server.url}restart`;
      const pool = await openPool(url);
      const dir = storeDir();
      await pool.createTasks(tasks(4), { experiment: 'e' });
      const workers = [0, 1].map(() => spawnWorker({ url, pool: 'p', store: dir, data }));
      await Promise.race(workers.map((w) => w.waitFor((e) => e.event === 'task')));
      await server.kill();
      await new Promise((r) => setTimeout(r, 1000));
      await server.restart();
      const codes = await Promise.all(workers.map((w) => w.exited));
      expect(codes, workers.map((w) => w.stderr()).join('\n')).toEqual([0, 0]);
      await expectTrainedOnce(pool, new DirectoryRecorderStore(dir), 4);
    } finally {
      await server.stop();
    }
  });
});
