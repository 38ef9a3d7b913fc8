import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { table } from 'arquero';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryRecorderStore } from './directory-store.js';

let root: string;
let store: DirectoryRecorderStore;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'rollq-store-'));
  store = new DirectoryRecorderStore(root);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const task = { model: { class: 'GBDT', kwargs: { numLeaves: 31 } }, dataset: { segments: { test: ['2020-01-02', '2020-03-31'] } } };

function preds(rows: [string, string, number][]) {
  return table({ datetime: rows.map((r) => r[0]), instrument: rows.map((r) => r[1]), score: Float64Array.from(rows, (r) => r[2]) });
}

describe('experiments', () => {
  it('creates idempotently, gets and lists by name', async () => {
    const a = await store.createExperiment('rolling');
    expect(await store.createExperiment('rolling')).toEqual(a);
    await store.createExperiment('alpha');
    expect((await store.listExperiments()).map((e) => e.name)).toEqual(['alpha', 'rolling']);
    await expect(store.getExperiment('nope')).rejects.toMatchObject({ code: 'EXPERIMENT_NOT_FOUND' });
  });

  it('refuses names that would escape the root or hide as temp files', async () => {
    for (const bad of ['../x', 'a/b', '.hidden', '']) {
      await expect(store.createExperiment(bad)).rejects.toMatchObject({ code: 'EXPERIMENT_NAME_INVALID' });
    }
  });
});

describe('recorders', () => {
  it('round-trips params, tags and the task, and finds a recorder by id from a fresh store', async () => {
    const rec = await store.createRecorder('rolling', { name: 'task-0', params: { lr: 0.05, seed: 1 }, tags: { kind: 'rolling' }, task });
    expect(rec).toMatchObject({
      experiment: 'rolling',
      status: 'RUNNING',
      endTime: null,
      params: { lr: 0.05 },
      tags: { kind: 'rolling' },
      task,
    });
    expect(rec.process?.pid).toBe(process.pid);
    const meta = JSON.parse(await readFile(join(root, 'rolling', rec.id, 'meta.json'), 'utf8'));
    expect(meta.schemaVersion).toBe(1);

    const fresh = new DirectoryRecorderStore(root);
    expect(await fresh.getRecorder(rec.id)).toEqual(rec);
    await fresh.setTags(rec.id, { online_status: 'online' });
    await fresh.logParams(rec.id, { extra: 'x' });
    const ended = await fresh.endRecorder(rec.id, 'FINISHED');
    expect(ended).toMatchObject({
      status: 'FINISHED',
      process: null,
      error: null,
      tags: { kind: 'rolling', online_status: 'online' },
      params: { lr: 0.05, seed: 1, extra: 'x' },
    });
    expect(ended.endTime! >= ended.startTime).toBe(true);
    await expect(fresh.getRecorder('20990101T000000000-00deadbeef')).rejects.toMatchObject({ code: 'RECORDER_NOT_FOUND' });
    await expect(fresh.getRecorder('../rolling')).rejects.toMatchObject({ code: 'RECORDER_NOT_FOUND' });
    await expect(fresh.setTags(rec.id, { n: 1 as unknown as string })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('tags'),
    });
    await expect(store.createRecorder('rolling', { task: { when: new Date() } as never })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
    await expect(fresh.saveJson(rec.id, 'x.json', undefined)).rejects.toMatchObject({ code: 'ARTIFACT_INVALID' });
  });

  it('lists newest first and filters by status, tags, dotted task fields and predicate', async () => {
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

  it('creates 20 recorders concurrently in one experiment with distinct, sortable ids', async () => {
    const recs = await Promise.all(Array.from({ length: 20 }, (_, i) => store.createRecorder('burst', { params: { i } })));
    expect(new Set(recs.map((r) => r.id)).size).toBe(20);
    const listed = await store.listRecorders('burst');
    expect(listed).toHaveLength(20);
    expect(listed.map((r) => r.params.i).sort((x, y) => Number(x) - Number(y))).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(await store.getExperiment('burst')).toMatchObject({ name: 'burst' });
    expect(recs.every((r) => /^\d{8}T\d{9}-[0-9a-z]{2}[0-9a-f]{8}$/.test(r.id))).toBe(true);
  });

  it('loses no update when one recorder is tagged and logged to concurrently', async () => {
    const rec = await store.createRecorder('exp');
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => store.setTags(rec.id, { [`t${i}`]: String(i) })),
      ...Array.from({ length: 10 }, (_, i) => store.logMetrics(rec.id, { ic: i / 10 }, i)),
    ]);
    expect(Object.keys((await store.getRecorder(rec.id)).tags)).toHaveLength(10);
    expect((await store.getMetrics(rec.id)).ic.map((p) => p.step).sort((x, y) => Number(x) - Number(y))).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
  });

  it('reports a corrupt meta.json with the file named', async () => {
    const rec = await store.createRecorder('exp');
    await writeFile(join(root, 'exp', rec.id, 'meta.json'), JSON.stringify({ schemaVersion: 99 }));
    await expect(store.listRecorders('exp')).rejects.toMatchObject({
      code: 'RECORDER_META_INVALID',
      message: expect.stringContaining(rec.id),
    });
  });
});

describe('metrics', () => {
  it('logs scalars with default steps and date-keyed series, keeping NaN', async () => {
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
});

describe('artifacts', () => {
  it('saves and loads bytes and JSON under nested names and lists them', async () => {
    const rec = await store.createRecorder('exp');
    await store.saveArtifact(rec.id, 'model/weights.bin', Uint8Array.from([1, 2, 3]));
    await store.saveJson(rec.id, 'task.json', task);
    await store.saveJson(rec.id, 'task.json', { ...task, v: 2 });
    expect(Array.from(await store.loadArtifact(rec.id, 'model/weights.bin'))).toEqual([1, 2, 3]);
    expect(await store.loadJson(rec.id, 'task.json')).toEqual({ ...task, v: 2 });
    expect(await store.listArtifacts(rec.id)).toEqual(['model/weights.bin', 'task.json']);
    await expect(store.loadArtifact(rec.id, 'pred.pkl')).rejects.toMatchObject({ code: 'ARTIFACT_NOT_FOUND' });
    await expect(store.loadJson(rec.id, 'model/weights.bin')).rejects.toMatchObject({ code: 'ARTIFACT_INVALID' });
    for (const bad of ['../meta.json', 'a//b', '.lock', '/abs']) {
      await expect(store.saveArtifact(rec.id, bad, new Uint8Array())).rejects.toMatchObject({ code: 'ARTIFACT_NAME_INVALID' });
    }
  });

  it('ignores stray temp files of interrupted writes: the old content stays visible', async () => {
    const rec = await store.createRecorder('exp', { tags: { v: 'old' } });
    const dir = join(root, 'exp', rec.id);
    await store.saveJson(rec.id, 'state.json', { v: 'old' });
    // What a crash between the temp write and the rename leaves behind.
    await writeFile(join(dir, '.meta.json.123.abcd.tmp'), '{"schemaVersion": 1, "id": "half');
    await writeFile(join(dir, 'artifacts', '.state.json.123.abcd.tmp'), '{"v": "new"');
    // A recorder whose creation died before its meta.json was renamed into place.
    await mkdir(join(root, 'exp', '20240101T000000000-00deadbeef'));
    await writeFile(join(root, 'exp', '20240101T000000000-00deadbeef', '.meta.json.1.ff.tmp'), '{');

    expect((await store.listRecorders('exp')).map((r) => r.tags.v)).toEqual(['old']);
    expect(await store.loadJson(rec.id, 'state.json')).toEqual({ v: 'old' });
    expect(await store.listArtifacts(rec.id)).toEqual(['state.json']);
    await expect(store.getRecorder('20240101T000000000-00deadbeef')).rejects.toMatchObject({ code: 'RECORDER_NOT_FOUND' });
    // The next write still succeeds beside the stray file.
    await store.setTags(rec.id, { v: 'new' });
    expect((await store.getRecorder(rec.id)).tags.v).toBe('new');
  });
});

describe('predictions', () => {
  const day1 = preds([
    ['2020-01-02', 'SH600000', 0.1],
    ['2020-01-02', 'SZ000001', -0.2],
  ]);

  it('saves Arrow by default, CSV on request, and loads either', async () => {
    const rec = await store.createRecorder('exp');
    await store.savePredictions(rec.id, 'pred', day1);
    expect(await store.listArtifacts(rec.id)).toEqual(['pred.arrow']);
    expect((await store.loadPredictions(rec.id, 'pred')).objects()).toEqual(day1.objects());
    await store.savePredictions(rec.id, 'pred', day1, 'csv');
    expect(await store.listArtifacts(rec.id)).toEqual(['pred.csv']);
    expect((await store.loadPredictions(rec.id, 'pred')).objects()).toEqual(day1.objects());
    await expect(store.loadPredictions(rec.id, 'label')).rejects.toMatchObject({ code: 'ARTIFACT_NOT_FOUND' });
  });

  it('reads a CSV written by another tool, keeping instrument codes with leading zeros', async () => {
    const rec = await store.createRecorder('exp');
    await store.saveArtifact(
      rec.id,
      'pred.csv',
      new TextEncoder().encode('datetime,instrument,score\n2020-01-03,000001,0.5\n2020-01-02,600000,\n'),
    );
    expect((await store.loadPredictions(rec.id, 'pred')).objects()).toEqual([
      { datetime: '2020-01-02', instrument: '600000', score: Number.NaN },
      { datetime: '2020-01-03', instrument: '000001', score: 0.5 },
    ]);
  });

  it('appends only new (datetime, instrument) rows and is idempotent', async () => {
    const rec = await store.createRecorder('exp');
    expect(await store.appendPredictions(rec.id, 'pred', day1)).toEqual({ added: 2, total: 2 });
    const overlap = preds([
      ['2020-01-02', 'SH600000', 999], // already stored: must not replace 0.1
      ['2020-01-03', 'SH600000', 0.3],
      ['2020-01-03', 'SZ000001', 0.4],
    ]);
    expect(await store.appendPredictions(rec.id, 'pred', overlap)).toEqual({ added: 2, total: 4 });
    const before = await readFile(join(root, 'exp', rec.id, 'artifacts', 'pred.arrow'));
    expect(await store.appendPredictions(rec.id, 'pred', overlap)).toEqual({ added: 0, total: 4 });
    expect(await readFile(join(root, 'exp', rec.id, 'artifacts', 'pred.arrow'))).toEqual(before);
    expect((await store.loadPredictions(rec.id, 'pred')).objects()).toEqual([
      { datetime: '2020-01-02', instrument: 'SH600000', score: 0.1 },
      { datetime: '2020-01-02', instrument: 'SZ000001', score: -0.2 },
      { datetime: '2020-01-03', instrument: 'SH600000', score: 0.3 },
      { datetime: '2020-01-03', instrument: 'SZ000001', score: 0.4 },
    ]);
  });

  it('keeps the stored format when appending, and serializes concurrent appends', async () => {
    const rec = await store.createRecorder('exp');
    await store.savePredictions(rec.id, 'pred', day1, 'csv');
    const days = ['2020-01-03', '2020-01-06', '2020-01-07', '2020-01-08'];
    const results = await Promise.all(days.map((d, i) => store.appendPredictions(rec.id, 'pred', preds([[d, 'SH600000', i]]))));
    expect(results.map((r) => r.added)).toEqual([1, 1, 1, 1]);
    expect(await store.listArtifacts(rec.id)).toEqual(['pred.csv']);
    expect((await store.loadPredictions(rec.id, 'pred')).numRows()).toBe(6);
    expect((await readdir(join(root, 'exp', rec.id))).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});
