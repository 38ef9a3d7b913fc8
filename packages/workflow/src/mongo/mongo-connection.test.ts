import { freshMongoUrl, startMongoTestServer } from '@rollq/tools/mongo';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { connectMongo, isTransientMongoError, mongoClientOptions, withRetry } from './mongo-connection.js';

describe('mongoClientOptions', () => {
  it('gives the defaults, and leaves each option the URL sets (any case) to the URL', () => {
    expect(mongoClientOptions('mongodb://h/db')).toEqual({ serverSelectionTimeoutMS: 30_000, appName: 'rollq' });
    expect(mongoClientOptions('mongodb://h/db', { serverSelectionTimeoutMS: 5000, appName: 'x', retryWrites: false })).toEqual({
      serverSelectionTimeoutMS: 5000,
      appName: 'x',
      retryWrites: false,
    });
    expect(
      mongoClientOptions('mongodb://h/db?ServerSelectionTimeoutMS=300&retrywrites=true&appName=mine', {
        serverSelectionTimeoutMS: 5000,
        retryWrites: false,
      }),
    ).toEqual({});
  });
});

describe('connectMongo', () => {
  it('opens the database of the URL, the URL redacted on the connection and its own timeout winning', async () => {
    const url = `${freshMongoUrl('connect')}?serverSelectionTimeoutMS=4321`;
    const conn = await connectMongo(url, { serverSelectionTimeoutMS: 100, retryWrites: false });
    try {
      expect(conn.db.databaseName).toBe(new URL(url).pathname.slice(1));
      expect(conn.client.options.serverSelectionTimeoutMS).toBe(4321);
      expect(conn.client.options.retryWrites).toBe(false);
      await conn.db.collection('c').insertOne({ _id: 'a' as never });
      expect(await conn.db.collection('c').countDocuments()).toBe(1);
      await conn.db.dropDatabase();
    } finally {
      await conn.close();
    }
  });

  it('a URL that is not one, or whose options the driver refuses, is MONGO_URL_INVALID (usage) with the password hidden', async () => {
    await expect(connectMongo('http://h/db')).rejects.toMatchObject({ code: 'MONGO_URL_INVALID', exitCode: 2 });
    const err = await connectMongo('mongodb://me:secret@h/db?serverSelectionTimeoutMS=soon').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'MONGO_URL_INVALID', exitCode: 2, hint: expect.stringContaining('mongodb://') });
    expect((err as Error).message).toContain('mongodb://me:***@h/db');
    expect((err as Error).message).not.toContain('secret');
    // the URL parser's own error class (not a MongoError)
    await expect(connectMongo('mongodb+srv://a:1,b:2/x')).rejects.toMatchObject({ code: 'MONGO_URL_INVALID', exitCode: 2 });
  });

  it('a server that is down is MONGO_UNREACHABLE (runtime) naming the URL without its password and the fix', async () => {
    // port 1: nothing listens there (a stopped test server's port could be taken by another one meanwhile)
    const url = 'mongodb://me:s3cret@127.0.0.1:1/db';
    const started = Date.now();
    const err = await connectMongo(url, { serverSelectionTimeoutMS: 300 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'MONGO_UNREACHABLE', exitCode: 1, hint: expect.stringContaining('start the server') });
    expect((err as Error).message).toContain('mongodb://me:***@127.0.0.1:1/db');
    expect((err as Error).message).not.toContain('s3cret');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('withRetry and isTransientMongoError', () => {
  it('repeats an operation over a server restart, and a dead server past the budget is MONGO_UNREACHABLE', async () => {
    const server = await startMongoTestServer({ memory: true });
    const conn = await connectMongo(`${server.url}retry`, { serverSelectionTimeoutMS: 500, retryWrites: false });
    try {
      const ping = () => conn.db.command({ ping: 1 });
      await server.kill();
      const down = await ping().catch((e: unknown) => e);
      expect(isTransientMongoError(down)).toBe(true);
      let tries = 0;
      const started = Date.now();
      const counted = () => {
        tries++;
        return ping();
      };
      await expect(withRetry(counted, { url: conn.url, budgetMs: 1000 })).rejects.toMatchObject({ code: 'MONGO_UNREACHABLE' });
      // backoff 100, 200, 400 ms; no sleep past the budget (an attempt may still wait out its 500 ms selection)
      expect(tries).toBeGreaterThanOrEqual(3);
      expect(Date.now() - started).toBeLessThan(1000 + 500 + 500);
      const calls: number[] = [];
      const back = withRetry(
        () => {
          calls.push(Date.now());
          return ping();
        },
        { url: conn.url, budgetMs: 30_000 },
      );
      await new Promise((r) => setTimeout(r, 700));
      await server.restart();
      expect(await back).toMatchObject({ ok: 1 });
      expect(calls.length).toBeGreaterThan(1);
    } finally {
      await conn.close();
      await server.stop();
    }
  });

  it('passes other errors through at once, and with budget 0 turns a transient one into MONGO_UNREACHABLE unrepeated', async () => {
    let calls = 0;
    const usage = new Error('not a MongoDB problem');
    await expect(
      withRetry(
        async () => {
          calls++;
          throw usage;
        },
        { url: 'mongodb://h/db' },
      ),
    ).rejects.toBe(usage);
    expect(calls).toBe(1);
    expect(isTransientMongoError(usage)).toBe(false);

    calls = 0;
    const client = new MongoClient('mongodb://127.0.0.1:1/db', { serverSelectionTimeoutMS: 300 });
    try {
      const err = await withRetry(
        () => {
          calls++;
          return client.db('db').command({ ping: 1 });
        },
        { url: 'mongodb://u:pw@127.0.0.1:1/db', budgetMs: 0 },
      ).catch((e: unknown) => e);
      expect(calls).toBe(1);
      expect(err).toMatchObject({ code: 'MONGO_UNREACHABLE', details: { url: 'mongodb://u:***@127.0.0.1:1/db' } });
      expect(isTransientMongoError((err as Error & { cause: unknown }).cause)).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('does not count a client this process closed as transient (no repeat reopens it)', async () => {
    const conn = await connectMongo(freshMongoUrl('closed'));
    await conn.close();
    const err = await conn.db.command({ ping: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(isTransientMongoError(err)).toBe(false);
  });

  it("counts Node's own socket errors as transient (the driver passes EPIPE on when a write meets a dead server)", () => {
    const epipe = Object.assign(new Error('This socket has been ended by the other party'), { code: 'EPIPE' });
    expect(isTransientMongoError(epipe)).toBe(true);
    expect(isTransientMongoError(Object.assign(new Error('no such file'), { code: 'ENOENT' }))).toBe(false);
  });
});
