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
