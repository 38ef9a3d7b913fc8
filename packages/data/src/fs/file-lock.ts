import { readFile, rm, stat } from 'node:fs/promises';
import { DataError } from '../errors.js';
import { createFileExclusive } from './atomic-write.js';
import { currentProcess, isProcessAlive, type ProcessIdentity } from './process-alive.js';

/** Options of {@link withFileLock}. */
export interface FileLockOptions {
  /** Give up after this many milliseconds of waiting (default 30 000). */
  timeoutMs?: number;
}

/** In-process queue per lock path: callers in the same process wait here instead of polling the file. */
const chains = new Map<string, Promise<unknown>>();

/** Reads a lock file's owner, or null when it is gone or unreadable. */
async function lockOwner(path: string): Promise<ProcessIdentity | null> {
  try {
    const v = JSON.parse(await readFile(path, 'utf8')) as Partial<ProcessIdentity>;
    return typeof v.pid === 'number' && typeof v.hostname === 'string' ? { pid: v.pid, hostname: v.hostname } : null;
  } catch {
    return null;
  }
}

/**
 * A lock without a readable owner older than this is stale. The owner is written before the lock file
 * exists (temp file + hard link), so only a lock from an older rollq, or a damaged one, can lack it.
 */
const UNREADABLE_LOCK_STALE_MS = 2_000;

/** Removes the lock file if it is still the very file that was judged stale (same inode), not a new holder's. */
async function breakLock(path: string, judged: { ino: number; dev: number }): Promise<void> {
  const now = await stat(path).catch(() => null);
  if (now && now.ino === judged.ino && now.dev === judged.dev) await rm(path, { force: true });
}

/**
 * Takes the lock file, created whole with its owner inside (temp file + hard link, so no reader ever sees
 * an empty lock), breaking it when its owner died on this host or it has no readable owner; polls until
 * the deadline.
 */
async function acquire(path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
    if (await createFileExclusive(path, JSON.stringify(currentProcess()), { fsync: false })) return;
    const st = await stat(path).catch(() => null);
    if (!st) continue; // released meanwhile: try again at once
    const owner = await lockOwner(path);
    if ((owner && !isProcessAlive(owner)) || (!owner && Date.now() - st.mtimeMs > UNREADABLE_LOCK_STALE_MS)) {
      await breakLock(path, st);
      continue;
    }
    if (Date.now() > deadline) {
      throw new DataError('STORE_LOCK_TIMEOUT', `lock ${path} still held after ${timeoutMs} ms`, {
        hint: `another process (${owner ? `pid ${owner.pid} on ${owner.hostname}` : 'unknown'}) is writing; wait for it to finish`,
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
