import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { table } from 'arquero';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeRecorderStore } from '../testing/recorder-store-contract.js';
import { DirectoryRecorderStore } from './directory-store.js';

describeRecorderStore('DirectoryRecorderStore', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rollq-contract-'));
  return {
    store: new DirectoryRecorderStore(dir),
    reopen: () => new DirectoryRecorderStore(dir),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

// What only the directory store does: its files on disk, stray temp files, dead-process detection.
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

describe('directory layout', () => {
  it('writes a versioned meta.json per recorder, owned by this process, and refuses ids that are paths', async () => {
    const rec = await store.createRecorder('rolling', { task });
    expect(rec.process?.pid).toBe(process.pid);
    const meta = JSON.parse(await readFile(join(root, 'rolling', rec.id, 'meta.json'), 'utf8'));
    expect(meta.schemaVersion).toBe(1);
    expect((await store.endRecorder(rec.id, 'FINISHED')).process).toBeNull();
    await expect(store.getRecorder('../rolling')).rejects.toMatchObject({ code: 'RECORDER_NOT_FOUND' });
    expect(rec.id).toMatch(/^\d{8}T\d{9}-[0-9a-z]{2}[0-9a-f]{8}$/);
  });

  it('reports a corrupt meta.json with the file named', async () => {
    const rec = await store.createRecorder('exp');
    await writeFile(join(root, 'exp', rec.id, 'meta.json'), JSON.stringify({ schemaVersion: 99 }));
    await expect(store.listRecorders('exp')).rejects.toMatchObject({
      code: 'RECORDER_META_INVALID',
      message: expect.stringContaining(rec.id),
    });
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

describe('prediction files', () => {
  const day1 = preds([
    ['2020-01-02', 'SH600000', 0.1],
    ['2020-01-02', 'SZ000001', -0.2],
  ]);

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
