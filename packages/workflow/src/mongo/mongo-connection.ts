import { type Db, MongoClient, type MongoClientOptions, MongoError } from 'mongodb';
import { WorkflowError } from '../errors.js';
import { mongoDatabaseName, redactMongoUrl } from './mongo-url.js';

/** Options of {@link connectMongo} (and {@link mongoClientOptions}); the same option given in the URL wins over each. */
export interface ConnectMongoOptions {
  /**
   * How long an operation looks for the server before giving up (ms; default 30 000, the driver's). The
   * recorder store passes 5000, the task pool keeps the default.
   */
  serverSelectionTimeoutMS?: number;
  /** The name the server logs the connection under (default `rollq`). */
  appName?: string;
  /**
   * Whether the driver repeats a write once after a dropped connection (default: the driver's, true). A
   * standalone server has no retryable writes, so callers that repeat their own idempotent writes (the task
   * pool) turn it off.
   */
  retryWrites?: boolean;
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
 * The driver options for `url` with `opts`' defaults, leaving out each option the URL sets itself: the driver
 * gives an options object precedence over the URL, and a user's `?serverSelectionTimeoutMS=300` must win.
 * Plain data, so a worker thread that opens its own client (the pool's lease keeper) applies the same rule.
 */
export function mongoClientOptions(url: string, opts: ConnectMongoOptions = {}): MongoClientOptions {
  const inUrl = urlOptionNames(url);
  const wanted: MongoClientOptions = {
    serverSelectionTimeoutMS: opts.serverSelectionTimeoutMS ?? 30_000,
    appName: opts.appName ?? 'rollq',
    ...(opts.retryWrites === undefined ? {} : { retryWrites: opts.retryWrites }),
  };
  return Object.fromEntries(Object.entries(wanted).filter(([k]) => !inUrl.has(k.toLowerCase())));
}

/** The option names (lower case, as the driver matches them) in the query of `url`. */
function urlOptionNames(url: string): Set<string> {
  const query = /\?([^#]*)/.exec(url)?.[1] ?? '';
  return new Set([...new URLSearchParams(query).keys()].map((k) => k.toLowerCase()));
}

/**
 * Connects to the server of `url` and returns its database. Not a `mongodb://` / `mongodb+srv://` URL with a
 * valid database name, or options the driver cannot parse: `MONGO_URL_INVALID` (usage). A server that does not
 * answer within the selection timeout: `MONGO_UNREACHABLE` (runtime). Both name the URL without its password
 * and the fix.
 */
export async function connectMongo(url: string, opts: ConnectMongoOptions = {}): Promise<MongoConnection> {
  const dbName = mongoDatabaseName(url);
  let client: MongoClient;
  try {
    client = new MongoClient(url, mongoClientOptions(url, opts));
  } catch (e) {
    // The constructor only parses (no I/O), so whatever it throws is about the URL or its options; the URL
    // parser's own MongoParseError is no MongoError, hence no instanceof test here.
    throw new WorkflowError('MONGO_URL_INVALID', `${redactMongoUrl(url)} is not a valid MongoDB URL: ${(e as Error).message}`, {
      hint: 'write it as mongodb://[user:password@]host:27017/database[?name=value&...]',
      details: { url: redactMongoUrl(url) },
      cause: e,
    });
  }
  try {
    await client.connect();
  } catch (e) {
    await client.close().catch(() => {});
    throw mongoUnreachable(url, e);
  }
  return { client, db: client.db(dbName), url: redactMongoUrl(url), close: () => client.close() };
}

/** Node socket errors the driver sometimes passes on unwrapped (a write racing the server's death: EPIPE). */
const SOCKET_ERROR_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'ENOTCONN']);

/**
 * True for errors a repeat can cure: the connection dropped, the server is restarting or not selected yet.
 * Errors of a client this process closed itself (`MongoNotConnectedError`, `MongoTopologyClosedError`) are
 * not: no repeat reopens it.
 */
export function isTransientMongoError(e: unknown): boolean {
  if (!(e instanceof MongoError)) return e instanceof Error && SOCKET_ERROR_CODES.has((e as NodeJS.ErrnoException).code ?? '');
  const name = e.name;
  return (
    name === 'MongoNetworkError' ||
    name === 'MongoNetworkTimeoutError' ||
    name === 'MongoServerSelectionError' ||
    name === 'MongoPoolClearedError' ||
    e.hasErrorLabel('RetryableWriteError') ||
    e.hasErrorLabel('ResetPool')
  );
}

/** Options of {@link withRetry}. */
export interface RetryOptions {
  /** The URL for the final error (its password is redacted there). */
  url: string;
  /** Repeat until this long after the first try (ms, default 60 000); 0 runs `op` once. */
  budgetMs?: number;
}

/**
 * Runs `op` and repeats it on a transient error (backoff 100 ms doubling to 2 s) while the budget lasts, then
 * throws `MONGO_UNREACHABLE`; other errors pass through at once. Only for operations that are safe to repeat:
 * a standalone server has no retryable writes, so callers make their writes idempotent (a pool fetch names
 * its lease token, a recorder update compares its revision). With `budgetMs: 0` a write that is not safe to
 * repeat still gets the clear error.
 */
export async function withRetry<T>(op: () => Promise<T>, opts: RetryOptions): Promise<T> {
  const deadline = Date.now() + (opts.budgetMs ?? 60_000);
  let wait = 100;
  for (;;) {
    try {
      return await op();
    } catch (e) {
      if (!isTransientMongoError(e)) throw e;
      if (Date.now() + wait > deadline) throw mongoUnreachable(opts.url, e);
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 2, 2000);
    }
  }
}

/** The `MONGO_UNREACHABLE` error for `url` (password redacted), naming the fix. */
function mongoUnreachable(url: string, cause: unknown): WorkflowError {
  const safe = redactMongoUrl(url);
  const why = cause instanceof Error ? cause.message : String(cause);
  return new WorkflowError('MONGO_UNREACHABLE', `cannot reach the MongoDB server of ${safe}: ${why}`, {
    hint:
      'start the server (or fix the host, port or credentials of the URL) and run the command again; ' +
      'tools/mongo-test-server.sh start runs a local test server and prints its URL',
    details: { url: safe },
    cause,
  });
}
