import { MongoNetworkError, MongoServerSelectionError } from 'mongodb';
import { WorkflowError } from '../errors.js';

/** The database a store uses when its URL names none (`mongodb://host:27017/` or no path at all). */
export const DEFAULT_MONGO_DATABASE = 'rollq';

const MONGO_URL = /^mongodb(\+srv)?:\/\/([^/?#]*)(\/[^?#]*)?([?#].*)?$/i;

/** `url` with the password of its credentials replaced by `***`, for messages and logs. */
export function redactMongoUrl(url: string): string {
  return url.replace(/^(mongodb(?:\+srv)?:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

/**
 * The database named by the path of a `mongodb://` / `mongodb+srv://` URL ({@link DEFAULT_MONGO_DATABASE}
 * when the path is empty); `MONGO_URL_INVALID` for anything else or a name MongoDB refuses.
 */
export function mongoDatabaseName(url: string): string {
  const m = MONGO_URL.exec(url);
  if (!m || m[2] === '') {
    throw new WorkflowError('MONGO_URL_INVALID', `${redactMongoUrl(url)} is not a MongoDB URL`, {
      hint: 'write it as mongodb://host:27017/database (or mongodb+srv://cluster/database)',
      details: { url: redactMongoUrl(url) },
    });
  }
  const name = decodeURIComponent((m[3] ?? '').replace(/^\//, ''));
  if (name === '') return DEFAULT_MONGO_DATABASE;
  if (name.length > 63 || /[/\\. "$\0]/.test(name)) {
    throw new WorkflowError('MONGO_URL_INVALID', `${redactMongoUrl(url)}: "${name}" is not a valid MongoDB database name`, {
      hint: 'use letters, digits, _ and - (at most 63 characters) for the database part of the URL',
      details: { url: redactMongoUrl(url), database: name },
    });
  }
  return name;
}

/** True for the driver errors that mean the server could not be reached or dropped the connection. */
export function isConnectionError(e: unknown): boolean {
  return e instanceof MongoNetworkError || e instanceof MongoServerSelectionError;
}

/** The `MONGO_UNREACHABLE` error for `url` (password redacted), naming the fix. */
export function unreachable(url: string, cause: unknown): WorkflowError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new WorkflowError('MONGO_UNREACHABLE', `cannot reach the MongoDB server of ${redactMongoUrl(url)}: ${why}`, {
    hint: 'start the server (or fix the host and port of the URL) and run the command again; a folder path keeps recorders on disk instead',
    details: { url: redactMongoUrl(url) },
    cause,
  });
}
