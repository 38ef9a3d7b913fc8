import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QlibProvider } from '@rollq/data';
import type { TaskConfig } from '@rollq/rolling';
import { usQlibDir } from '@rollq/tools';
import { freshMongoUrl } from '@rollq/tools/mongo';
import { DirectoryRecorderStore, TRAIN_STATUS_TAG } from '@rollq/workflow';
import { smallGbdtTask } from '@rollq/workflow/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAIN_STATUS } from '../trainer/trainer.js';
import { POOL_TASK_TAG, poolTrainers } from './pool-trainers.js';
import { TaskPool } from './task-pool.js';
import { ORPHAN_TAG, runWorker } from './worker.js';

const tasks = (n: number): TaskConfig[] => Array.from({ length: n }, (_, i) => smallGbdtTask(`2016-10-${String(10 + i).padStart(2, '0')}`));

let provider: QlibProvider;
let root: string;
const pools: TaskPool[] = [];
beforeAll(async () => {
  provider = QlibProvider.open(await usQlibDir());
  root = mkdtempSync(join(tmpdir(), 'rollq-pool-trainers-'));
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  rmSync(root, { recursive: true, force: true });
});
async function setup(label: string) {
  const pool = await TaskPool.open(freshMongoUrl(label), 'p');
  pools.push(pool);
  const dir = join(root, label);
  return { pool, dir, store: new DirectoryRecorderStore(dir) };
}

describe('pool trainers (TrainerRM / DelayTrainerRM)', () => {
  it('TrainerRM: de-duplicated tasks, recorders in input order tagged like Qlib, a second train reuses them', async () => {
    const { pool, dir, store } = await setup('trainer');
    const trainer = poolTrainers({ pool, store, storeLocation: dir, provider, pollMs: 50 })(false, { region: 'us' });
    expect(trainer.isDelay()).toBe(false);
    const [a, b] = tasks(2);
    const recs = await trainer.train([b!, a!, b!], 'exp');
    expect(recs.map((r) => r.status)).toEqual(['FINISHED', 'FINISHED', 'FINISHED']);
    expect(recs[0]!.id).toBe(recs[2]!.id);
    const docs = await pool.list();
    expect(docs).toHaveLength(2);
    expect(recs[0]!.tags).toMatchObject({ [TRAIN_STATUS_TAG]: TRAIN_STATUS.begin, [POOL_TASK_TAG]: docs[0]!._id });
    expect(JSON.parse(JSON.stringify((await store.getRecorder(recs[1]!.id)).task))).toEqual(JSON.parse(JSON.stringify(a)));
    const again = await trainer.train([a!], 'exp');
    expect(again[0]!.id).toBe(recs[1]!.id);
    expect((await store.listRecorders('exp')).length).toBe(2);
    const ended = await trainer.endTrain(recs, 'exp');
    expect(ended[0]!.tags[TRAIN_STATUS_TAG]).toBe(TRAIN_STATUS.end);
    expect(await pool.getMeta()).toMatchObject({ dataDir: provider.root, region: 'us', store: dir });
  });

  it('DelayTrainerRM: train logs the tasks (part_done, no model), endTrain trains them (done) and tags end_task_train', async () => {
    const { pool, dir, store } = await setup('delay');
    const trainer = poolTrainers({ pool, store, storeLocation: dir, provider, pollMs: 50 })(true, { region: 'us' });
    expect(trainer.isDelay()).toBe(true);
    const begun = await trainer.train(tasks(2), 'exp');
    expect((await pool.stat()).part_done).toBe(2);
    expect((await store.listArtifacts(begun[0]!.id)).some((n) => n.startsWith('model/'))).toBe(false);
    const ended = await trainer.endTrain(begun, 'exp');
    expect(ended.map((r) => r.id)).toEqual(begun.map((r) => r.id));
    expect(ended.map((r) => r.tags[TRAIN_STATUS_TAG])).toEqual([TRAIN_STATUS.end, TRAIN_STATUS.end]);
    expect((await store.loadPredictions(ended[0]!.id, 'pred')).numRows()).toBeGreaterThan(0);
    expect((await pool.stat()).done).toBe(2);
  });

  it('a worker whose lease was taken mid-task marks its recorder an orphan (FAILED, tagged) and the retry commits', async () => {
    const { pool, dir, store } = await setup('orphan');
    const [id] = await pool.createTasks(tasks(1), { experiment: 'exp' });
    let first = true;
    const summary = await runWorker({
      pool,
      store,
      storeLocation: dir,
      provider,
      exitWhenEmpty: true,
      pollMs: 50,
      onStart: () => {
        // an operator's `rollq task reset --running` while the task trains: the lease is gone
        if (first) void pool.reset({}, { running: true });
        first = false;
      },
    });
    expect(summary).toMatchObject({ lost: 1, done: 1 });
    const recs = await store.listRecorders('exp');
    const orphan = recs.find((r) => r.tags[ORPHAN_TAG]);
    expect(orphan?.status).toBe('FAILED');
    const doc = (await pool.reQuery(id!))!;
    expect(doc.status).toBe('done');
    expect(doc.res!.recorder).not.toBe(orphan!.id);
    expect((await store.getRecorder(doc.res!.recorder)).status).toBe('FINISHED');
  });

  it("keeps a task's lease while the worker's event loop is blocked (renewed from its own thread)", async () => {
    const { pool, dir, store } = await setup('blocked');
    const [id] = await pool.createTasks(tasks(1), { experiment: 'exp' });
    let renewedUntil = 0;
    let blockedAt = 0;
    const summary = await runWorker({
      pool,
      store,
      storeLocation: dir,
      provider,
      exitWhenEmpty: true,
      leaseMs: 600,
      onStart: (t) => {
        blockedAt = Date.now();
        while (Date.now() - blockedAt < 2000) {
          // a synchronous stretch of training (feature computation) longer than three leases
        }
        void pool.reQuery(t._id).then((d) => {
          renewedUntil = d!.leaseUntil!.getTime();
        });
      },
    });
    expect(summary).toMatchObject({ done: 1, lost: 0 });
    expect(renewedUntil).toBeGreaterThan(blockedAt + 1500);
    expect(await pool.reQuery(id!)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('a trainer waiting on a task that ends failed says which and how to fix it', async () => {
    const { pool, dir, store } = await setup('failed');
    const broken = { ...smallGbdtTask(), model: { class: 'NoSuchModel', kwargs: {} } } as TaskConfig;
    const trainer = poolTrainers({ pool, store, storeLocation: dir, provider, pollMs: 50 })(false, { region: 'us' });
    await expect(trainer.train([broken], 'exp')).rejects.toMatchObject({
      code: 'POOL_TASKS_FAILED',
      message: expect.stringMatching(/1 of 1 tasks in pool p have no result: \w+ failed \(.*NoSuchModel/),
      hint: expect.stringMatching(/rollq task reset/),
    });
  });
});
