import { mongoDatabaseName, redactMongoUrl } from '@rollq/workflow/mongo';
import { type Db, MongoClient, MongoError, MongoParseError } from 'mongodb';
import { OnlineError } from '../errors.js';

/** Options of {@link connectMongo}. */
export interface ConnectOptions {
  /** How long to look for the server before giving up (ms; default 30 000, the driver's; `?serverSelectionTimeoutMS=` in the URL wins). */
  timeoutMs?: number;
}

/** An open connection to the database a `mongodb://` URL names (`rollq` when it names none). */
export interface MongoConnection {
  client: MongoClient;
  db: Db;
  /** The URL with its password replaced by `***`, for messages and result references. */
  url: string;
  close(): Promise<void>;
}

/**
 * Throws `MONGO_URL_INVALID` (usage) unless `url` is a `mongodb://` / `mongodb+srv://` URL with a valid
 * database name (none means `rollq`); the same rule as the MongoDB recorder store.
 */
export function checkMongoUrl(url: string): string {
  mongoDatabaseName(url);
  return url;
}

function unreachable(url: string, cause: unknown): OnlineError {
  const safe = redactMongoUrl(url);
  return new OnlineError('POOL_UNREACHABLE', `cannot reach MongoDB at ${safe}: ${(cause as Error)?.message ?? String(cause)}`, {
    hint: 'start the server or fix --mongo (host, port, credentials); for a local test server run tools/mongo-test-server.sh start and use the URL it prints',
    details: { url: safe },
    cause,
  });
}

/**
 * Connects to the server of `url` and returns its database. A URL the driver cannot parse is `POOL_URL_INVALID`
 * (usage); a server that does not answer within the timeout is `POOL_UNREACHABLE` naming the URL without its
 * password and the fix.
 */
export async function connectMongo(url: string, opts: ConnectOptions = {}): Promise<MongoConnection> {
  checkMongoUrl(url);
  let client: MongoClient;
  try {
    client = new MongoClient(url, {
      serverSelectionTimeoutMS: opts.timeoutMs ?? 30_000,
      // a standalone server has no retryable writes; the pool retries its own idempotent operations
      retryWrites: false,
      ...overridesInUrl(url),
    });
  } catch (e) {
    if (e instanceof MongoParseError || e instanceof MongoError) {
      throw new OnlineError('POOL_URL_INVALID', `cannot parse the MongoDB URL ${redactMongoUrl(url)}: ${e.message}`, {
        hint: 'give mongodb://HOST:PORT/DATABASE, options after ? as name=value',
        details: { url: redactMongoUrl(url) },
        cause: e,
      });
    }
    throw e;
  }
  try {
    await client.connect();
  } catch (e) {
    await client.close().catch(() => {});
    throw unreachable(url, e);
  }
  return { client, db: client.db(mongoDatabaseName(url)), url: redactMongoUrl(url), close: () => client.close() };
}

/** URL options the caller's defaults must not override (the driver gives explicit options precedence over the URL). */
function overridesInUrl(url: string): Record<string, number> {
  const m = /[?&]serverSelectionTimeoutMS=(\d+)/i.exec(url);
  return m ? { serverSelectionTimeoutMS: Number(m[1]) } : {};
}

/** True for errors a repeat can cure: the connection dropped, the server is restarting or not selected yet. */
export function isTransientMongoError(e: unknown): boolean {
  if (!(e instanceof MongoError)) return false;
  const name = e.name;
  return (
    name === 'MongoNetworkError' ||
    name === 'MongoNetworkTimeoutError' ||
    name === 'MongoServerSelectionError' ||
    name === 'MongoNotConnectedError' ||
    name === 'MongoPoolClearedError' ||
    name === 'MongoTopologyClosedError' ||
    e.hasErrorLabel('RetryableWriteError') ||
    e.hasErrorLabel('ResetPool')
  );
}

/** Options of {@link withRetry}. */
export interface RetryOptions {
  /** Give up after this long (ms, default 60 000). */
  budgetMs?: number;
  /** The URL for the final error. */
  url: string;
}

/**
 * Runs `op` and repeats it on a transient error (backoff 100 ms doubling to 2 s) until the budget is spent,
 * then throws `POOL_UNREACHABLE`. Only for operations that are safe to repeat: the pool makes each of its
 * writes idempotent (a fetch names its lease token, a commit checks it) because a standalone server has no
 * retryable writes.
 */
export async function withRetry<T>(op: () => Promise<T>, opts: RetryOptions): Promise<T> {
  const deadline = Date.now() + (opts.budgetMs ?? 60_000);
  let wait = 100;
  for (;;) {
    try {
      return await op();
    } catch (e) {
      if (!isTransientMongoError(e)) throw e;
      if (Date.now() + wait > deadline) throw unreachable(opts.url, e);
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 2, 2000);
    }
  }
}
