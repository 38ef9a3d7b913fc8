import { randomBytes } from 'node:crypto';
import { freshMongoUrl, startMongoTestServer } from '@rollq/tools/mongo';
import { table } from 'arquero';
import { afterEach, describe, expect, it } from 'vitest';
import { describeRecorderStore } from '../testing/recorder-store-contract.js';
import { ARTIFACT_INDEX } from './gridfs-artifacts.js';
import { type MongoRecorderStore, openMongoRecorderStore } from './mongo-store.js';

/** Opens stores over one fresh database and closes (then drops) them all at the end of the test. */
function storesOver(url: string) {
  const open: MongoRecorderStore[] = [];
  return {
    async open(opts = {}) {
      const s = await openMongoRecorderStore(url, opts);
      open.push(s);
      return s;
    },
    async cleanup() {
      if (open[0]) await open[0].db.dropDatabase();
      await Promise.all(open.splice(0).map((s) => s.close()));
    },
  };
}

describeRecorderStore('MongoRecorderStore', async () => {
  const stores = storesOver(freshMongoUrl('contract'));
  return { store: await stores.open(), reopen: () => stores.open(), cleanup: () => stores.cleanup() };
});

function preds(rows: [string, string, number][]) {
  return table({ datetime: rows.map((r) => r[0]), instrument: rows.map((r) => r[1]), score: Float64Array.from(rows, (r) => r[2]) });
}

describe('MongoRecorderStore on the server', () => {
  let stores: ReturnType<typeof storesOver>;
  afterEach(async () => {
    await stores?.cleanup();
  });

  it('keeps plain, queryable documents: a recorder by a dotted task path, its artifact in the index and GridFS', async () => {
    const url = freshMongoUrl('layout');
    stores = storesOver(url);
    const store = await stores.open();
    const rec = await store.createRecorder('exp', { task: { model: { class: 'LGBModel' } }, tags: { online_status: 'online' } });
    await store.saveArtifact(rec.id, 'model/params.bin', Uint8Array.from([7, 8]));
    const db = store.db;
    expect(db.databaseName).toMatch(/^rollq_layout_/);
    const doc = await db.collection('recorders').findOne({ 'task.model.class': 'LGBModel', 'tags.online_status': 'online' });
    expect(doc).toMatchObject({ _id: rec.id, experiment: 'exp', status: 'RUNNING', process: { pid: process.pid } });
    expect(doc!.heartbeatAt).toBeInstanceOf(Date);
    const entry = await db.collection(ARTIFACT_INDEX).findOne({ recorderId: rec.id, name: 'model/params.bin' });
    const file = await db.collection('artifacts.files').findOne({ _id: entry!.fileId });
    expect(file).toMatchObject({ length: 2, metadata: { recorderId: rec.id, name: 'model/params.bin' } });
    // A replace leaves one file per artifact: the old one is deleted once the index names the new one.
    await store.saveArtifact(rec.id, 'model/params.bin', Uint8Array.from([9]));
    expect(await db.collection('artifacts.files').countDocuments({ 'metadata.recorderId': rec.id })).toBe(1);
    expect(await db.collection('experiments').findOne({ _id: 'exp' as never })).toMatchObject({ name: 'exp', schemaVersion: 1 });
  });

  it('round-trips a 5 MB model artifact byte for byte, and its predictions, through another client', async () => {
    const url = freshMongoUrl('gridfs');
    stores = storesOver(url);
    const store = await stores.open();
    const rec = await store.createRecorder('exp');
    const model = new Uint8Array(randomBytes(5 * 1024 * 1024));
    const rows: [string, string, number][] = [];
    for (let d = 1; d <= 20; d++)
      for (let i = 0; i < 300; i++) rows.push([`2020-02-${String(d).padStart(2, '0')}`, `SH${600000 + i}`, Math.sin(d * i)]);
    await store.saveArtifact(rec.id, 'model.bin', model);
    await store.savePredictions(rec.id, 'pred', preds(rows));
    const other = await stores.open();
    expect(Buffer.from(await other.loadArtifact(rec.id, 'model.bin')).equals(Buffer.from(model))).toBe(true);
    const loaded = await other.loadPredictions(rec.id, 'pred');
    expect(loaded.numRows()).toBe(6000);
    expect(loaded.objects()).toEqual(preds(rows).orderby('datetime', 'instrument').objects());
    expect(await other.listArtifacts(rec.id)).toEqual(['model.bin', 'pred.arrow']);
  });

  it('two stores appending to one table concurrently lose no row', async () => {
    const url = freshMongoUrl('append');
    stores = storesOver(url);
    const [a, b] = [await stores.open(), await stores.open()];
    const rec = await a.createRecorder('exp');
    const days = Array.from({ length: 12 }, (_, i) => `2020-03-${String(i + 1).padStart(2, '0')}`);
    const results = await Promise.all(
      days.map((d, i) => (i % 2 === 0 ? a : b).appendPredictions(rec.id, 'pred', preds([[d, 'A', i] as [string, string, number]]))),
    );
    expect(results.map((r) => r.added)).toEqual(days.map(() => 1));
    const stored = await a.loadPredictions(rec.id, 'pred');
    expect(stored.array('datetime')).toEqual(days);
    // Concurrent range replaces over disjoint days from both stores also keep every row.
    await Promise.all([
      a.replacePredictionRange(rec.id, 'pred', preds([['2020-03-01', 'A', 100]])),
      b.replacePredictionRange(rec.id, 'pred', preds([['2020-03-12', 'A', 111]])),
    ]);
    const after = (await b.loadPredictions(rec.id, 'pred')).objects() as { score: number }[];
    expect(after.map((r) => r.score)).toEqual([100, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 111]);
  });

  it('reads a RUNNING recorder of another host as FAILED only once its heartbeat is stale', async () => {
    const url = freshMongoUrl('liveness');
    stores = storesOver(url);
    const store = await stores.open({ staleAfterMs: 60_000 });
    const rec = await store.createRecorder('exp');
    const recorders = store.db.collection('recorders');
    await recorders.updateOne({ _id: rec.id as never }, { $set: { process: { pid: 12345, hostname: 'elsewhere' } } });
    expect((await store.getRecorder(rec.id)).status).toBe('RUNNING');
    await recorders.updateOne({ _id: rec.id as never }, { $set: { heartbeatAt: new Date(Date.now() - 120_000) } });
    expect(await store.getRecorder(rec.id)).toMatchObject({ status: 'FAILED', error: expect.stringContaining('elsewhere') });
    // On this host a dead pid reads FAILED whatever the heartbeat says.
    await recorders.updateOne(
      { _id: rec.id as never },
      { $set: { process: { pid: 2 ** 22 + 17, hostname: (await import('node:os')).hostname() }, heartbeatAt: new Date() } },
    );
    expect((await store.listRecorders('exp', { status: 'FAILED' })).map((r) => r.id)).toEqual([rec.id]);
    // A dotted-path filter on the reported status sees FAILED too (it is not pushed down to the stored RUNNING).
    expect((await store.listRecorders('exp', { where: { status: 'FAILED' } })).map((r) => r.id)).toEqual([rec.id]);
    // Keys that would be query operators are matched in memory, never sent as operators.
    expect(await store.listRecorders('exp', { where: { $where: 'true' } as never })).toEqual([]);
  });

  it('stamps the heartbeat of its RUNNING recorders and stops when they end', async () => {
    stores = storesOver(freshMongoUrl('heartbeat'));
    const store = await stores.open({ heartbeatMs: 50 });
    const rec = await store.createRecorder('exp');
    const first = (await store.db.collection('recorders').findOne({ _id: rec.id as never }))!.heartbeatAt as Date;
    await new Promise((r) => setTimeout(r, 300));
    const later = (await store.db.collection('recorders').findOne({ _id: rec.id as never }))!.heartbeatAt as Date;
    expect(later.getTime()).toBeGreaterThan(first.getTime());
    await store.endRecorder(rec.id, 'FINISHED');
    expect((await store.db.collection('recorders').findOne({ _id: rec.id as never }))!.heartbeatAt).toBeNull();
  });
});

describe('MongoRecorderStore connections', () => {
  it('a malformed URL is MONGO_URL_INVALID; a server that is down is MONGO_UNREACHABLE with the password redacted', async () => {
    await expect(openMongoRecorderStore('mongodb://')).rejects.toMatchObject({ code: 'MONGO_URL_INVALID', exitCode: 2 });
    await expect(openMongoRecorderStore('mongodb://h/bad.name')).rejects.toMatchObject({ code: 'MONGO_URL_INVALID' });
    const server = await startMongoTestServer({ memory: true });
    const url = `mongodb://rollq:s3cret@127.0.0.1:${server.port}/rollq`;
    await server.stop();
    const err = await openMongoRecorderStore(url, { serverSelectionTimeoutMS: 500 }).catch((e) => e);
    expect(err).toMatchObject({ code: 'MONGO_UNREACHABLE', exitCode: 1, hint: expect.stringContaining('start the server') });
    expect(err.message).toContain(`127.0.0.1:${server.port}`);
    expect(err.message).not.toContain('s3cret');
  });

  it('an open store whose server dies fails MONGO_UNREACHABLE, and goes on after a restart with nothing lost', async () => {
    const server = await startMongoTestServer();
    const store = await openMongoRecorderStore(`${server.url}rollq`, { serverSelectionTimeoutMS: 1500 });
    try {
      const rec = await store.createRecorder('exp');
      await store.saveJson(rec.id, 'state.json', { v: 1 });
      await server.kill();
      await expect(store.getRecorder(rec.id)).rejects.toMatchObject({ code: 'MONGO_UNREACHABLE' });
      await server.restart();
      // The first call after the restart may meet the dropped connection: reads retry it once.
      expect(await store.loadJson(rec.id, 'state.json')).toEqual({ v: 1 });
      await store.endRecorder(rec.id, 'FINISHED');
      expect((await store.listRecorders('exp')).map((r) => r.status)).toEqual(['FINISHED']);
    } finally {
      await store.close();
      await server.stop();
    }
  });
});
