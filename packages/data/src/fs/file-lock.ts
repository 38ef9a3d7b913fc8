import { open, readFile, rm } from 'node:fs/promises';
import { DataError } from '../errors.js';
import { currentProcess, isProcessAlive, type ProcessIdentity } from './process-alive.js';

/** Options of {@link withFileLock}. */
export interface FileLockOptions {
  /** Give up after this many milliseconds of waiting (default 30 000). */
  timeoutMs?: number;
}

/** In-process queue per lock path: callers in the same process wait here instead of polling the file. */
const chains = new Map<string, Promise<unknown>>();

/** Reads a lock file's owner, or null when it is gone or unreadable (a writer may be mid-create). */
async function lockOwner(path: string): Promise<ProcessIdentity | null> {
  try {
    const v = JSON.parse(await readFile(path, 'utf8')) as Partial<ProcessIdentity>;
    return typeof v.pid === 'number' && typeof v.hostname === 'string' ? { pid: v.pid, hostname: v.hostname } : null;
  } catch {
    return null;
  }
}

/** Takes the lock file with O_EXCL, breaking it when its owner died on this host; polls until the deadline. */
async function acquire(path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
    try {
      const fh = await open(path, 'wx');
      await fh.writeFile(JSON.stringify(currentProcess()));
      await fh.close();
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = await lockOwner(path);
    if (owner && !isProcessAlive(owner)) {
      await rm(path, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new DataError('STORE_LOCK_TIMEOUT', `lock ${path} still held after ${timeoutMs} ms`, {
        hint: `another process (${owner ? `pid ${owner.pid} on ${owner.hostname}` : 'unknown'}) is writing; if it is gone, delete ${path}`,
        details: { path, owner },
      });
    }
    await new Promise((r) => setTimeout(r, delay));
  }
}

/**
 * Runs `fn` holding an exclusive lock on `path` (a lock file): one holder at a time across this process
 * (queued) and across processes on a shared folder (O_EXCL create). Read-modify-write cycles on one
 * document go through here so that concurrent updates are never lost. A lock left by a dead process on
 * this host is broken automatically.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, opts: FileLockOptions = {}): Promise<T> {
  const prev = chains.get(path) ?? Promise.resolve();
  const run = prev.then(async () => {
    await acquire(path, opts.timeoutMs ?? 30_000);
    try {
      return await fn();
    } finally {
      await rm(path, { force: true });
    }
  });
  // The chain must continue after a failure, and must not keep growing once idle.
  const tail = run.catch(() => undefined);
  chains.set(path, tail);
  void tail.then(() => {
    if (chains.get(path) === tail) chains.delete(path);
  });
  return run;
}
