import type { TaskConfig } from '@rollq/rolling';
import { freshMongoUrl, startMongoTestServer } from '@rollq/tools/mongo';
import { smallGbdtTask } from '@rollq/workflow/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { escapeKeys, TASK_STATUS, taskOf, unescapeKey } from './task-document.js';
import { TaskPool } from './task-pool.js';

const pools: TaskPool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});
async function openPool(label: string, opts: { maxAttempts?: number } = {}): Promise<TaskPool> {
  const pool = await TaskPool.open(freshMongoUrl(label), 'p', opts);
  pools.push(pool);
  return pool;
}
/** Distinct real tasks: the small GBDT task with test windows ending on different days. */
const tasks = (n: number): TaskConfig[] => Array.from({ length: n }, (_, i) => smallGbdtTask(`2016-10-${String(10 + i).padStart(2, '0')}`));

describe('TaskPool on the MongoDB test server', () => {
  it('creates a task once (same canonical JSON, any key order) and keeps the input order of the ids', async () => {
    const pool = await openPool('dedup');
    const [a, b] = tasks(2);
    const reordered = JSON.parse(JSON.stringify({ record: a!.record, dataset: a!.dataset, model: a!.model })) as TaskConfig;
    const ids = await pool.createTasks([a!, b!, reordered], { experiment: 'e' });
    expect(ids[0]).toBe(ids[2]);
    expect(ids[0]).not.toBe(ids[1]);
    const again = await pool.createTasks([b!, a!], { experiment: 'e' });
    expect(again).toEqual([ids[1], ids[0]]);
    const docs = await pool.list();
    expect(docs.map((d) => d._id)).toEqual([ids[0], ids[1]]);
    expect(taskOf(docs[0]!)).toEqual(JSON.parse(JSON.stringify(a)));
    // the queryable copy answers queries on the task's fields
    expect((await pool.list({ 'filter.dataset.kwargs.segments.test.1': '2016-10-11' })).map((d) => d._id)).toEqual([ids[1]]);
  });

  it('escapes keys with . and $ reversibly in the queryable copy', () => {
    const doc = escapeKeys({ 'a.b': { $c: [{ 'x\\.y': 1 }] } }) as Record<string, Record<string, unknown>>;
    const [k1] = Object.keys(doc);
    expect(k1).not.toMatch(/[.$]/);
    expect(unescapeKey(k1!)).toBe('a.b');
    const inner = Object.keys(doc[k1!]!)[0]!;
    expect(unescapeKey(inner)).toBe('$c');
    const deep = Object.keys((doc[k1!]![inner] as Array<Record<string, unknown>>)[0]!)[0]!;
    expect(unescapeKey(deep)).toBe('x\\.y');
  });

  it('fetches highest priority first, then oldest, and leaves nothing to a second fetch', async () => {
    const pool = await openPool('prio');
    const ids = await pool.createTasks(tasks(3), { experiment: 'e' });
    await pool.prioritize(ids[2]!, 5);
    const got: string[] = [];
    for (;;) {
      const t = await pool.fetch({ worker: 'w', leaseMs: 60_000 });
      if (!t) break;
      expect(t.status).toBe('running');
      expect(t.attempts).toBe(1);
      got.push(t._id);
    }
    expect(got).toEqual([ids[2], ids[0], ids[1]]);
    expect(await pool.stat()).toMatchObject({ waiting: 0, running: 3 });
  });

  it('hands an expired lease to another worker and refuses the late commit of the first', async () => {
    const pool = await openPool('late');
    await pool.createTasks(tasks(1), { experiment: 'e' });
    const first = (await pool.fetch({ worker: 'a', leaseMs: 150 }))!;
    expect(await pool.fetch({ worker: 'b', leaseMs: 60_000 })).toBeNull();
    expect(await pool.renew(first, 150)).toBe(true); // renewing keeps it (nobody took it yet)
    await new Promise((r) => setTimeout(r, 250));
    const second = (await pool.fetch({ worker: 'b', leaseMs: 60_000 }))!;
    expect(second._id).toBe(first._id);
    expect(second.worker).toBe('b');
    expect(second.attempts).toBe(2);
    expect(await pool.renew(first, 60_000)).toBe(false);
    expect(await pool.commit(first, { recorder: 'r-a', experiment: 'e', store: 's' })).toBe('refused');
    expect(await pool.commit(second, { recorder: 'r-b', experiment: 'e', store: 's' })).toBe('committed');
    // a repeated commit (a lost reply) is still committed, and the first worker's result never lands
    expect(await pool.commit(second, { recorder: 'r-b', experiment: 'e', store: 's' })).toBe('committed');
    const doc = (await pool.reQuery(first._id))!;
    expect(doc).toMatchObject({ status: 'done', worker: 'b', res: { recorder: 'r-b' } });
  });

  it('retries a failed task until maxAttempts, then marks it failed with its error; reset brings it back', async () => {
    const pool = await openPool('attempts', { maxAttempts: 2 });
    const [id] = await pool.createTasks(tasks(1), { experiment: 'e' });
    const t1 = (await pool.fetch({ worker: 'w', leaseMs: 60_000 }))!;
    expect(await pool.fail(t1, 'boom 1')).toBe('waiting');
    const t2 = (await pool.fetch({ worker: 'w', leaseMs: 60_000 }))!;
    expect(t2.attempts).toBe(2);
    expect(await pool.fail(t2, 'boom 2')).toBe('failed');
    expect(await pool.fetch({ worker: 'w', leaseMs: 60_000 })).toBeNull();
    expect(await pool.reQuery(id!)).toMatchObject({ status: TASK_STATUS.failed, error: 'boom 2', attempts: 2 });
    expect(await pool.reset()).toBe(1);
    expect(await pool.reQuery(id!)).toMatchObject({ status: 'waiting', attempts: 0 });
  });

  it('fails a task whose lease expired on its last attempt (a worker killed every time)', async () => {
    const pool = await openPool('expired', { maxAttempts: 1 });
    const [id] = await pool.createTasks(tasks(1), { experiment: 'e' });
    await pool.fetch({ worker: 'dead', leaseMs: 1 });
    await new Promise((r) => setTimeout(r, 20));
    expect(await pool.fetch({ worker: 'w', leaseMs: 60_000 })).toBeNull();
    const doc = (await pool.reQuery(id!))!;
    expect(doc.status).toBe('failed');
    expect(doc.error).toMatch(/stopped renewing the lease/);
  });

  it('releases a task without using an attempt, and drop removes the pool', async () => {
    const pool = await openPool('release');
    await pool.createTasks(tasks(2), { experiment: 'e' });
    const t = (await pool.fetch({ worker: 'w', leaseMs: 60_000 }))!;
    expect(await pool.release(t)).toBe(true);
    expect(await pool.reQuery(t._id)).toMatchObject({ status: 'waiting', attempts: 0 });
    await pool.setMeta({ dataDir: '/data', region: 'us', store: 'mlruns' });
    expect(await pool.getMeta()).toMatchObject({ dataDir: '/data', region: 'us' });
    expect(await pool.drop()).toBe(2);
    expect(await pool.stat()).toMatchObject({ waiting: 0 });
    expect(await pool.getMeta()).toBeNull();
  });

  it('rejects a bad pool name and a bad URL as usage errors, and names an unreachable server without its password', async () => {
    await expect(TaskPool.open(freshMongoUrl('x'), 'bad name!')).rejects.toMatchObject({ code: 'POOL_NAME_INVALID', exitCode: 2 });
    await expect(TaskPool.open('http://localhost/x', 'p')).rejects.toMatchObject({ code: 'MONGO_URL_INVALID', exitCode: 2 });
    const err = await TaskPool.open('mongodb://me:secret@127.0.0.1:1/db', 'p', { serverSelectionTimeoutMS: 300 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'MONGO_UNREACHABLE', exitCode: 1, hint: expect.stringContaining('start the server') });
    expect((err as Error).message).toContain('mongodb://me:***@127.0.0.1:1/db');
    expect((err as Error).message).not.toContain('secret');
  });

  it('survives a server restart between operations (retries the idempotent writes)', async () => {
    const server = await startMongoTestServer();
    try {
      const pool = await TaskPool.open(`${server.url}restart`, 'p', { serverSelectionTimeoutMS: 5000 });
      pools.push(pool);
      await pool.createTasks(tasks(3), { experiment: 'e' });
      const t = (await pool.fetch({ worker: 'w', leaseMs: 60_000 }))!;
      await server.kill();
      const restarted = new Promise((r) => setTimeout(r, 500)).then(() => server.restart());
      expect(await pool.commit(t, { recorder: 'r', experiment: 'e', store: 's' })).toBe('committed');
      await restarted;
      expect(await pool.stat()).toMatchObject({ waiting: 2, done: 1 });
    } finally {
      await server.stop();
    }
  });
});
