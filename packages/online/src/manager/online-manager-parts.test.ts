import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { QlibProvider } from '@rollq/data';
import type { TaskConfig } from '@rollq/rolling';
import { usQlibDir } from '@rollq/tools';
import { RECORD_ARTIFACTS, type RecorderInfo, type RecorderStore, TRAIN_STATUS_TAG } from '@rollq/workflow';
import { smallGbdtTask } from '@rollq/workflow/testing';
import { table } from 'arquero';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelTrainer } from '../trainer/trainer.js';
import type { TrainerFactory } from '../trainer/trainer-factory.js';
import { OnlineManager } from './online-manager.js';
import { STATE_LOCK_FILE } from './state-store.js';

/**
 * The manager's composition with a stand-in trainer: each "model" predicts `bias + instrument index` on every
 * trading day of its test window, so blends can be checked by hand and no real model is trained (fast).
 */
function fakeTrainers(store: RecorderStore, calendar: readonly string[], bias: Record<string, number>, trained: string[]): TrainerFactory {
  const trainer: ModelTrainer = {
    isDelay: () => false,
    async train(tasks, experiment) {
      const out: RecorderInfo[] = [];
      for (const task of tasks) {
        const rec = await store.createRecorder(experiment, { task: task as never });
        const [s, e] = task.dataset.kwargs.segments.test as [string, string];
        const days = calendar.filter((d) => d >= s && d <= e);
        const names = ['AAPL', 'MSFT', 'XOM'];
        const b = bias[experiment] ?? 0;
        await store.savePredictions(
          rec.id,
          RECORD_ARTIFACTS.pred,
          table({
            datetime: days.flatMap((d) => names.map(() => d)),
            instrument: days.flatMap(() => names),
            score: Float64Array.from(days.flatMap(() => names.map((_, i) => b + i))),
          }),
        );
        await store.endRecorder(rec.id, 'FINISHED');
        trained.push(`${experiment}:${s}`);
        out.push(await store.setTags(rec.id, { [TRAIN_STATUS_TAG]: 'begin_task_train' }));
      }
      return out;
    },
    endTrain: (recs) => Promise.all(recs.map((r) => store.setTags(r.id, { [TRAIN_STATUS_TAG]: 'end_task_train' }))),
  };
  return () => trainer;
}

describe('OnlineManager composition (stand-in trainer)', () => {
  let provider: QlibProvider;
  let root: string;
  const quiet = { warn: () => {} };
  const strategy = (name: string, weight = 1) => ({
    name,
    template: [smallGbdtTask('2016-10-31') as TaskConfig],
    rolling: { step: 10 },
    weight,
  });

  beforeAll(async () => {
    provider = await QlibProvider.open(await usQlibDir());
    root = mkdtempSync(join(tmpdir(), 'rollq-parts-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  async function init(
    name: string,
    bias: Record<string, number>,
    trained: string[],
    extra: Partial<Parameters<typeof OnlineManager.init>[1]> = {},
  ) {
    const dir = join(root, name);
    const { DirectoryRecorderStore } = await import('@rollq/workflow');
    const store = new DirectoryRecorderStore(join(dir, 'recorders'));
    const trainerFactory = fakeTrainers(store, provider.calendar.dates, bias, trained);
    const opts = { provider, store, trainerFactory, ...quiet };
    const m = await OnlineManager.init(dir, { strategies: [strategy('a')], beginTime: '2016-10-31', ...extra }, opts);
    return { m, dir, opts };
  }

  it('addStrategy first-trains the new strategy at the current time; a weighted blend follows the weights', async () => {
    const trained: string[] = [];
    const { m, dir, opts } = await init('w', { a: 0, b: 10 }, trained, { blend: 'weighted' });
    await m.addStrategy([strategy('b', 3)]);
    expect(m.history().map((h) => h.kind)).toEqual(['first_train', 'add_strategy']);
    await expect(m.addStrategy([strategy('b')])).rejects.toMatchObject({ code: 'STRATEGY_EXISTS' });
    await m.routine('2016-11-01');
    const sig = (await m.getSignals('2016-11-01'))!;
    // both strategies rank AAPL < MSFT < XOM identically, so every blend gives the same z-scores
    expect(Array.from(sig.array('instrument') as ArrayLike<string>)).toEqual(['AAPL', 'MSFT', 'XOM']);
    const z = Array.from(sig.array('score') as ArrayLike<number>);
    expect(z[0]!).toBeLessThan(z[1]!);
    expect(z[1]!).toBeLessThan(z[2]!);
    const reopened = await OnlineManager.open(dir, opts);
    expect(reopened.snapshot().strategies.map((s) => [s.name, s.weight])).toEqual([
      ['a', 1],
      ['b', 3],
    ]);
    expect(trained.filter((t) => t.startsWith('b:'))).toHaveLength(trained.filter((t) => t.startsWith('a:')).length);
  });

  it('one writer at a time: concurrent routines on one state commit one after the other, none lost', async () => {
    const trained: string[] = [];
    const { dir, opts } = await init('lock', {}, trained);
    // the second writer waits for the first one's whole routine: give it longer than the default 30 s, which a
    // routine can take on a loaded 2-core machine
    const waiting = { ...opts, lockTimeoutMs: 300_000 };
    const x = await OnlineManager.open(dir, waiting);
    const y = await OnlineManager.open(dir, waiting);
    // the second writer starts once the first holds the lock: which of two writers started together gets it first
    // is not defined (each store lists its folder before queueing for the lock), and the later date must come second
    const first = x.routine('2016-11-01');
    let settled = false;
    first.then(
      () => (settled = true),
      () => (settled = true),
    );
    while (!settled && !existsSync(join(dir, STATE_LOCK_FILE))) await new Promise((r) => setTimeout(r, 2));
    await Promise.all([first, y.routine('2016-11-02')]);
    const final = await OnlineManager.open(dir, opts);
    expect(final.history().map((h) => h.time)).toEqual(['2016-10-31', '2016-11-01', '2016-11-02']);
    // the manager's time never goes backwards: the second writer saw the first one's commit
    expect(final.snapshot().commit).toBe(4);
  }, 300_000);

  it('a lock held by a live process makes a second writer fail with STATE_LOCKED naming the holder', async () => {
    const { dir, opts } = await init('held', {}, []);
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, STATE_LOCK_FILE), JSON.stringify({ pid: holder.pid, hostname: hostname() }));
      const m = await OnlineManager.open(dir, { ...opts, lockTimeoutMs: 200 });
      await expect(m.routine('2016-11-01')).rejects.toMatchObject({
        code: 'STATE_LOCKED',
        hint: expect.stringContaining(`pid ${holder.pid}`),
      });
    } finally {
      holder.kill('SIGKILL');
    }
    // the holder is gone: its lock is broken and the routine goes through
    await new Promise((r) => holder.once('exit', r));
    const m = await OnlineManager.open(dir, opts);
    await m.routine('2016-11-01');
    expect(m.snapshot().curTime).toBe('2016-11-01');
  });

  it('a failed init leaves nothing: a folder it made is removed, a folder the user had keeps only its own files', async () => {
    const failing: TrainerFactory = () => ({
      isDelay: () => false,
      train: () => Promise.reject(new Error('model exploded')),
      endTrain: (r) => Promise.resolve([...r]),
    });
    const fresh = join(root, 'failed-fresh');
    await expect(
      OnlineManager.init(fresh, { strategies: [strategy('a')] }, { provider, trainerFactory: failing, ...quiet }),
    ).rejects.toThrow('model exploded');
    expect(existsSync(fresh)).toBe(false);

    const mine = join(root, 'failed-mine');
    rmSync(mine, { recursive: true, force: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(mine);
    writeFileSync(join(mine, 'notes.txt'), 'mine');
    await expect(
      OnlineManager.init(mine, { strategies: [strategy('a')], workflowYaml: 'x: 1\n' }, { provider, trainerFactory: failing, ...quiet }),
    ).rejects.toThrow('model exploded');
    expect(readdirSync(mine)).toEqual(['notes.txt']);
    // and init then succeeds in the same folder
    const { m } = await init('failed-mine', {}, []);
    expect(m.snapshot().dataDir).toBe(provider.root);
  });
});

describe('OnlineManager dates', () => {
  it('refuses a begin time after the data, and steps dated before the manager time', async () => {
    const provider = await QlibProvider.open(await usQlibDir());
    const root = mkdtempSync(join(tmpdir(), 'rollq-dates-'));
    try {
      const strategies = [{ name: 'a', template: [smallGbdtTask('2016-10-31') as TaskConfig], rolling: { step: 10 } }];
      await expect(
        OnlineManager.init(join(root, 'late'), { strategies, beginTime: '2030-01-01' }, { provider, warn: () => {} }),
      ).rejects.toMatchObject({
        code: 'CONFIG_INVALID',
        message: expect.stringContaining('after the last data day'),
      });
      expect(existsSync(join(root, 'late'))).toBe(false);
      await expect(
        OnlineManager.init(join(root, 'bad'), { strategies, beginTime: '2016-02-30' }, { provider, warn: () => {} }),
      ).rejects.toMatchObject({
        code: 'DATE_INVALID',
      });
      const dir = join(root, 'ok');
      const { DirectoryRecorderStore } = await import('@rollq/workflow');
      const store = new DirectoryRecorderStore(join(dir, 'recorders'));
      const opts = { provider, store, trainerFactory: fakeTrainers(store, provider.calendar.dates, {}, []), warn: () => {} };
      const m = await OnlineManager.init(dir, { strategies, beginTime: '2016-10-31' }, opts);
      await m.routine('2016-11-02');
      await expect(m.routine('2016-11-01')).rejects.toMatchObject({
        code: 'CONFIG_INVALID',
        message: expect.stringContaining("before the manager's time 2016-11-02"),
      });
      await expect(m.simulate('2016-10-20', '2016-11-30')).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
      expect(m.snapshot().curTime).toBe('2016-11-02');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
