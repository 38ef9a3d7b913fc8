import { GridFSBucket, MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { freshMongoUrl } from './fresh-database.js';
import { startMongoTestServer } from './test-server.js';

// The facts the MongoDB code relies on, checked against the server the tests run on.
describe('the MongoDB test server', () => {
  const clients: MongoClient[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
  });
  async function connect(url: string): Promise<MongoClient> {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
    clients.push(client);
    await client.connect();
    return client;
  }

  it('hands each waiting task to exactly one of several concurrent fetchers, highest priority first', async () => {
    const url = freshMongoUrl('fetch');
    const client = await connect(url);
    const tasks = client.db().collection<{ _id: number; status: string; priority: number }>('tasks');
    await tasks.insertMany(Array.from({ length: 60 }, (_, i) => ({ _id: i, status: 'waiting', priority: i % 3 })));
    const fetchers = await Promise.all([connect(url), connect(url), connect(url)]);
    const seen = await Promise.all(
      fetchers.map(async (c) => {
        const got: { id: number; priority: number }[] = [];
        for (;;) {
          const doc = await c
            .db()
            .collection<{ _id: number; status: string; priority: number }>('tasks')
            .findOneAndUpdate({ status: 'waiting' }, { $set: { status: 'running' } }, { sort: { priority: -1 }, returnDocument: 'after' });
          if (!doc) return got;
          got.push({ id: doc._id, priority: doc.priority });
        }
      }),
    );
    const ids = seen.flat().map((t) => t.id);
    expect(ids.length).toBe(60);
    expect(new Set(ids).size).toBe(60);
    for (const got of seen) {
      for (let i = 1; i < got.length; i++) expect(got[i].priority).toBeLessThanOrEqual(got[i - 1].priority);
    }
  });

  it('enforces unique indexes with code 11000', async () => {
    const client = await connect(freshMongoUrl('unique'));
    const coll = client.db().collection('tasks');
    await coll.createIndex({ hash: 1 }, { unique: true });
    await coll.insertOne({ hash: 'a' });
    await expect(coll.insertOne({ hash: 'a' })).rejects.toMatchObject({ code: 11000 });
  });

  it('round-trips a GridFS file byte for byte', async () => {
    const client = await connect(freshMongoUrl('gridfs'));
    const bucket = new GridFSBucket(client.db());
    const bytes = Buffer.alloc(3_000_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + 7) & 0xff;
    await new Promise<void>((done, fail) =>
      bucket
        .openUploadStream('blob')
        .on('finish', () => done())
        .on('error', fail)
        .end(bytes),
    );
    const chunks: Buffer[] = [];
    for await (const chunk of bucket.openDownloadStreamByName('blob')) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  });

  it('keeps acknowledged writes across a kill -9 and lets the same client go on after a restart', async () => {
    const server = await startMongoTestServer();
    try {
      const client = await connect(`${server.url}restart`);
      const coll = client.db().collection<{ _id: number }>('docs');
      await coll.insertMany(Array.from({ length: 100 }, (_, i) => ({ _id: i })));
      await server.kill();
      await server.restart();
      let count = -1;
      for (let attempt = 0; attempt < 20 && count < 0; attempt++) {
        try {
          count = await coll.countDocuments();
        } catch {
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      expect(count).toBe(100);
    } finally {
      await server.stop();
    }
  });
});
