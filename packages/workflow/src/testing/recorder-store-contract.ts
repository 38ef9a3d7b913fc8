import { table } from 'arquero';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecorderStore } from '../recorder/recorder-store.js';

/** What a {@link RecorderStore} implementation gives the contract suite for each test. */
export interface StoreUnderTest {
  store: RecorderStore;
  /** A second store object over the same storage (another process's view: nothing cached in memory). */
  reopen(): RecorderStore | Promise<RecorderStore>;
  /** Removes everything the test stored. */
  cleanup(): Promise<void>;
}

const task = { model: { class: 'GBDT', kwargs: { numLeaves: 31 } }, dataset: { segments: { test: ['2020-01-02', '2020-03-31'] } } };

function preds(rows: [string, string, number][]) {
  return table({ datetime: rows.map((r) => r[0]), instrument: rows.map((r) => r[1]), score: Float64Array.from(rows, (r) => r[2]) });
}

/**
 * The behaviour every {@link RecorderStore} must show, as one vitest suite (tfjs's `describeWithFlags(ALL_ENVS)`
 * idea): the directory store runs it today, the MongoDB store will run the same file. Call it from a test file
 * with a factory that makes an empty store for each test.
 *
 * @example
 * ```ts
 * import { describeRecorderStore } from '@rollq/workflow/testing';
 * describeRecorderStore('DirectoryRecorderStore', async () => {
 *   const root = await mkdtemp(join(tmpdir(), 'store-'));
 *   return { store: new DirectoryRecorderStore(root), reopen: () => new DirectoryRecorderStore(root), cleanup: () => rm(root, { recursive: true }) };
 * });
 * ```
 */
export function describeRecorderStore(name: string, create: () => Promise<StoreUnderTest>): void {
  describe(`RecorderStore contract: ${name}`, () => {
    let sut: StoreUnderTest;
    let store: RecorderStore;
    beforeEach(async () => {
      sut = await create();
      store = sut.store;
    });
    afterEach(async () => {
      await sut.cleanup();
    });

    it('experiments: created idempotently, listed by name, a missing one is EXPERIMENT_NOT_FOUND', async () => {
      const a = await store.createExperiment('rolling');
      expect(await store.createExperiment('rolling')).toEqual(a);
      await store.createExperiment('alpha');
      expect((await store.listExperiments()).map((e) => e.name)).toEqual(['alpha', 'rolling']);
      await expect(store.getExperiment('nope')).rejects.toMatchObject({ code: 'EXPERIMENT_NOT_FOUND' });
      for (const bad of ['../x', 'a/b', '.hidden', '']) {
        await expect(store.createExperiment(bad)).rejects.toMatchObject({ code: 'EXPERIMENT_NAME_INVALID' });
      }
    });

    it('recorders: params, tags and the task round-trip, and another store object sees them', async () => {
      const rec = await store.createRecorder('rolling', { name: 'task-0', params: { lr: 0.05, seed: 1 }, tags: { kind: 'rolling' }, task });
      expect(rec).toMatchObject({
        experiment: 'rolling',
        status: 'RUNNING',
        endTime: null,
        params: { lr: 0.05 },
        tags: { kind: 'rolling' },
        task,
      });
      const other = await sut.reopen();
      expect(await other.getRecorder(rec.id)).toEqual(rec);
      await other.setTags(rec.id, { online_status: 'online' });
      await other.logParams(rec.id, { extra: 'x' });
      const ended = await other.endRecorder(rec.id, 'FINISHED');
      expect(ended).toMatchObject({
        status: 'FINISHED',
        error: null,
        tags: { kind: 'rolling', online_status: 'online' },
        params: { lr: 0.05, seed: 1, extra: 'x' },
      });
      expect(ended.endTime! >= ended.startTime).toBe(true);
      expect(await store.getRecorder(rec.id)).toEqual(ended);
      const resumed = await store.resumeRecorder(rec.id);
      expect(resumed.status).toBe('RUNNING');
      const failed = await store.endRecorder(rec.id, 'FAILED', { error: 'nan loss' });
      expect(failed).toMatchObject({ status: 'FAILED', error: 'nan loss' });
      await expect(store.getRecorder('20990101T000000000-00deadbeef')).rejects.toMatchObject({ code: 'RECORDER_NOT_FOUND' });
      await expect(store.setTags(rec.id, { n: 1 as unknown as string })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
      await expect(store.createRecorder('rolling', { task: { when: new Date() } as never })).rejects.toMatchObject({
        code: 'CONFIG_INVALID',
      });
    });

    it('recorders: listed newest first, filtered by status, tags, dotted task fields and a predicate', async () => {
      const a = await store.createRecorder('exp', { task });
      const b = await store.createRecorder('exp', { task: { ...task, model: { class: 'MLP' } }, tags: { online_status: 'online' } });
      const c = await store.createRecorder('exp', { task });
      await store.endRecorder(a.id, 'FINISHED');
      await store.endRecorder(b.id, 'FAILED', { error: 'nan loss' });
      await store.createRecorder('other', { task });
      expect((await store.listRecorders('exp')).map((r) => r.id)).toEqual([c.id, b.id, a.id]);
      expect((await store.listRecorders('exp', { where: { 'task.model.class': 'GBDT' } })).map((r) => r.id)).toEqual([c.id, a.id]);
      expect((await store.listRecorders('exp', { status: 'FAILED' }))[0]).toMatchObject({ id: b.id, error: 'nan loss' });
      expect((await store.listRecorders('exp', { tags: { online_status: 'online' } })).map((r) => r.id)).toEqual([b.id]);
      expect(await store.listRecorders('exp', { status: 'RUNNING', predicate: (r) => r.id !== c.id })).toEqual([]);
      expect(await store.listRecorders('missing')).toEqual([]);
    });

    it('recorders: 20 created concurrently get distinct ids; concurrent tag and metric writes lose nothing', async () => {
      const recs = await Promise.all(Array.from({ length: 20 }, (_, i) => store.createRecorder('burst', { params: { i } })));
      expect(new Set(recs.map((r) => r.id)).size).toBe(20);
      expect(await store.listRecorders('burst')).toHaveLength(20);
      const rec = recs[0]!;
      await Promise.all([
        ...Array.from({ length: 10 }, (_, i) => store.setTags(rec.id, { [`t${i}`]: String(i) })),
        ...Array.from({ length: 10 }, (_, i) => store.logMetrics(rec.id, { ic: i / 10 }, i)),
      ]);
      expect(Object.keys((await store.getRecorder(rec.id)).tags)).toHaveLength(10);
      expect((await store.getMetrics(rec.id)).ic!.map((p) => Number(p.step)).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it('metrics: scalars with default steps and date-keyed series, NaN kept', async () => {
      const rec = await store.createRecorder('exp');
      await store.logMetrics(rec.id, { loss: 0.5 });
      await store.logMetrics(rec.id, { loss: 0.25 });
      await store.logMetricSeries(rec.id, 'ic', [
        { step: '2020-01-02', value: 0.031 },
        { step: '2020-01-03', value: Number.NaN },
      ]);
      expect(await store.getMetrics(rec.id)).toEqual({
        loss: [
          { step: 0, value: 0.5 },
          { step: 1, value: 0.25 },
        ],
        ic: [
          { step: '2020-01-02', value: 0.031 },
          { step: '2020-01-03', value: Number.NaN },
        ],
      });
      expect(await store.getMetrics((await store.createRecorder('exp')).id)).toEqual({});
    });

    it('artifacts: bytes and JSON under nested names, replaced on save, listed sorted; bad names refused', async () => {
      const rec = await store.createRecorder('exp');
      await store.saveArtifact(rec.id, 'model/weights.bin', Uint8Array.from([1, 2, 3]));
      await store.saveJson(rec.id, 'task.json', task);
      await store.saveJson(rec.id, 'task.json', { ...task, v: 2 });
      expect(Array.from(await store.loadArtifact(rec.id, 'model/weights.bin'))).toEqual([1, 2, 3]);
      expect(await store.loadJson(rec.id, 'task.json')).toEqual({ ...task, v: 2 });
      expect(await store.listArtifacts(rec.id)).toEqual(['model/weights.bin', 'task.json']);
      await expect(store.loadArtifact(rec.id, 'pred.pkl')).rejects.toMatchObject({ code: 'ARTIFACT_NOT_FOUND' });
      await expect(store.loadJson(rec.id, 'model/weights.bin')).rejects.toMatchObject({ code: 'ARTIFACT_INVALID' });
      await expect(store.saveJson(rec.id, 'x.json', undefined)).rejects.toMatchObject({ code: 'ARTIFACT_INVALID' });
      for (const bad of ['../meta.json', 'a//b', '.lock', '/abs']) {
        await expect(store.saveArtifact(rec.id, bad, new Uint8Array())).rejects.toMatchObject({ code: 'ARTIFACT_NAME_INVALID' });
      }
    });

    it('predictions: Arrow by default, CSV on request, either loads; a missing table is ARTIFACT_NOT_FOUND', async () => {
      const day1 = preds([
        ['2020-01-02', 'SH600000', 0.1],
        ['2020-01-02', 'SZ000001', -0.2],
      ]);
      const rec = await store.createRecorder('exp');
      await store.savePredictions(rec.id, 'pred', day1);
      expect(await store.listArtifacts(rec.id)).toEqual(['pred.arrow']);
      expect((await store.loadPredictions(rec.id, 'pred')).objects()).toEqual(day1.objects());
      await store.savePredictions(rec.id, 'pred', day1, 'csv');
      expect(await store.listArtifacts(rec.id)).toEqual(['pred.csv']);
      expect((await store.loadPredictions(rec.id, 'pred')).objects()).toEqual(day1.objects());
      await expect(store.loadPredictions(rec.id, 'label')).rejects.toMatchObject({ code: 'ARTIFACT_NOT_FOUND' });
    });

    it('predictions: append adds only new (datetime, instrument) rows, idempotently and serialized', async () => {
      const rec = await store.createRecorder('exp');
      const day1 = preds([
        ['2020-01-02', 'SH600000', 0.1],
        ['2020-01-02', 'SZ000001', -0.2],
      ]);
      expect(await store.appendPredictions(rec.id, 'pred', day1)).toEqual({ added: 2, total: 2 });
      const overlap = preds([
        ['2020-01-02', 'SH600000', 999], // already stored: must not replace 0.1
        ['2020-01-03', 'SH600000', 0.3],
      ]);
      expect(await store.appendPredictions(rec.id, 'pred', overlap)).toEqual({ added: 1, total: 3 });
      expect(await store.appendPredictions(rec.id, 'pred', overlap)).toEqual({ added: 0, total: 3 });
      expect(Array.from((await store.loadPredictions(rec.id, 'pred')).array('score') as ArrayLike<number>)).toEqual([0.1, -0.2, 0.3]);
      const days = ['2020-01-06', '2020-01-07', '2020-01-08', '2020-01-09'];
      const results = await Promise.all(days.map((d, i) => store.appendPredictions(rec.id, 'pred', preds([[d, 'SH600000', i]]))));
      expect(results.map((r) => r.added)).toEqual([1, 1, 1, 1]);
      expect((await store.loadPredictions(rec.id, 'pred')).numRows()).toBe(7);
    });

    it('predictions: replacePredictionRange swaps the rows of the new dates only, as Qlib _replace_range', async () => {
      const rec = await store.createRecorder('exp');
      await store.savePredictions(
        rec.id,
        'pred',
        preds([
          ['2020-01-02', 'A', 1],
          ['2020-01-03', 'A', 2],
          ['2020-01-03', 'B', 3],
          ['2020-01-06', 'A', 4],
        ]),
      );
      const r = await store.replacePredictionRange(rec.id, 'pred', preds([['2020-01-03', 'A', 20]]));
      expect(r).toEqual({ replaced: 2, written: 1, total: 3 });
      expect((await store.loadPredictions(rec.id, 'pred')).objects()).toEqual([
        { datetime: '2020-01-02', instrument: 'A', score: 1 },
        { datetime: '2020-01-03', instrument: 'A', score: 20 },
        { datetime: '2020-01-06', instrument: 'A', score: 4 },
      ]);
      const fresh = await store.createRecorder('exp');
      expect(await store.replacePredictionRange(fresh.id, 'pred', preds([['2020-01-03', 'A', 5]]))).toEqual({
        replaced: 0,
        written: 1,
        total: 1,
      });
    });
  });
}
