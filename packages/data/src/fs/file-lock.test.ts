import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withFileLock } from './file-lock.js';
import { isProcessAlive } from './process-alive.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rollq-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The pid of a real process that has already exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid!;
}

describe('withFileLock', () => {
  it('serializes read-modify-write cycles so no increment is lost', async () => {
    const counter = join(dir, 'n.txt');
    await writeFile(counter, '0');
    const lock = join(dir, '.lock');
    await Promise.all(
      Array.from({ length: 20 }, () =>
        withFileLock(lock, async () => {
          const n = Number(await readFile(counter, 'utf8'));
          await new Promise((r) => setTimeout(r, 1));
          await writeFile(counter, String(n + 1));
        }),
      ),
    );
    expect(await readFile(counter, 'utf8')).toBe('20');
  });

  it('releases the lock when the body throws', async () => {
    const lock = join(dir, '.lock');
    await expect(withFileLock(lock, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await withFileLock(lock, async () => 'next')).toBe('next');
  });

  it('breaks a lock left by a dead process on this host', async () => {
    const lock = join(dir, '.lock');
    const pid = deadPid();
    expect(isProcessAlive({ pid, hostname: hostname() })).toBe(false);
    await writeFile(lock, JSON.stringify({ pid, hostname: hostname() }));
    expect(await withFileLock(lock, async () => 'got it', { timeoutMs: 2000 })).toBe('got it');
  });

  it('times out with STORE_LOCK_TIMEOUT while a live process holds it', async () => {
    const lock = join(dir, '.lock');
    await writeFile(lock, JSON.stringify({ pid: process.pid, hostname: hostname() }));
    await expect(withFileLock(lock, async () => 'never', { timeoutMs: 100 })).rejects.toMatchObject({ code: 'STORE_LOCK_TIMEOUT' });
  });

  it('breaks an empty or unreadable lock once it is old (an owner killed by an older rollq between create and write)', async () => {
    const lock = join(dir, '.lock');
    await writeFile(lock, '');
    // a fresh unreadable lock is left alone for a moment (it cannot come from this rollq, but be careful)
    await expect(withFileLock(lock, async () => 'early', { timeoutMs: 100 })).rejects.toMatchObject({ code: 'STORE_LOCK_TIMEOUT' });
    const past = new Date(Date.now() - 60_000);
    await utimes(lock, past, past);
    expect(await withFileLock(lock, async () => 'got it', { timeoutMs: 2000 })).toBe('got it');
  });

  it('writes the owner before the lock file appears: the lock of a holder is never empty', async () => {
    const lock = join(dir, '.lock');
    const seen: string[] = [];
    await withFileLock(lock, async () => {
      seen.push(await readFile(lock, 'utf8'));
    });
    expect(JSON.parse(seen[0]!)).toMatchObject({ pid: process.pid, hostname: hostname() });
  });
});
