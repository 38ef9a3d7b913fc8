import { withFileLock } from '@rollq/data/node-fs';
import { OnlineError, type OnlineErrorCode } from '../errors.js';

/** What a {@link withWriterLock} guards, for its error: the code and the sentence naming the folder. */
export interface WriterLockOptions {
  timeoutMs: number;
  /** The error code when another process keeps the lock past `timeoutMs` (e.g. `STATE_LOCKED`). */
  code: OnlineErrorCode;
  /** What is being written, e.g. "the online state /x"; the message reads "<what> is being written by another process". */
  what: string;
}

/**
 * Runs `fn` as the only writer holding `lock` (across processes, @rollq/data's file lock); a second writer waits
 * up to `timeoutMs`, then fails with `opts.code`, naming the holder and saying that a dead holder's lock is broken.
 */
export async function withWriterLock<T>(lock: string, fn: () => Promise<T>, opts: WriterLockOptions): Promise<T> {
  try {
    return await withFileLock(lock, fn, { timeoutMs: opts.timeoutMs });
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'STORE_LOCK_TIMEOUT') throw e;
    const owner = (e as { details?: { owner?: { pid: number; hostname: string } | null } }).details?.owner;
    throw new OnlineError(opts.code, `${opts.what} is being written by another process`, {
      hint: `${owner ? `pid ${owner.pid} on ${owner.hostname}` : 'another rollq'} holds ${lock}; wait for it to finish (a lock left by a dead process is broken automatically)`,
      details: { lock, owner: owner ?? null },
      cause: e,
    });
  }
}
