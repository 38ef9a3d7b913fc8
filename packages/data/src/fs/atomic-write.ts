import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { type FileHandle, link, mkdir, open, rename, rm, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { isProcessAlive } from './process-alive.js';

/**
 * The one atomic write of rollq: data goes to a hidden temp file beside the target, is flushed (fsync), renamed
 * over the target, and the folder is flushed so the rename itself survives a crash. Async for documents and
 * artifacts; a sync twin for the streaming CSV writer and the directory swap of the importer, with the same
 * temp names, flushing and clean-up.
 */

/** Options of {@link writeFileAtomic} and its siblings. */
export interface AtomicWriteOptions {
  /**
   * Flush the temp file and the folder to disk (default `true`). Turn it off only for scratch data and output a
   * rerun writes again (a backtest report): without it a power loss can leave an empty file under the final name
   * even though the rename "happened"; a crash of the process still leaves the old file or the new one.
   */
  fsync?: boolean;
}

let tempCounter = 0;

/**
 * Returns a fresh temp path beside `path`: a hidden name in the same folder (so the final rename never crosses
 * file systems) that says what it is (`.<name>.rollq-<tag>-<pid>-…`, so an interrupted run leaves an obvious
 * leftover) with a counter and a random part (so concurrent writers never share one).
 */
export function tempPathFor(path: string, tag = 'tmp'): string {
  tempCounter += 1;
  return join(dirname(path), `.${basename(path)}.rollq-${tag}-${process.pid}-${tempCounter}-${randomBytes(4).toString('hex')}`);
}

/** True for names a reader must ignore: temp files of an unfinished write, lock files and other dot files. */
export function isHiddenName(name: string): boolean {
  return name.startsWith('.');
}

/** Writes `data` to a fresh temp file beside `path` (creating the folder), flushing it when asked; returns the temp path. */
async function writeTemp(path: string, data: string | Uint8Array, sync: boolean): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  const fh = await open(tmp, 'wx');
  try {
    await fh.writeFile(data);
    if (sync) await fh.sync();
  } catch (e) {
    await fh.close();
    await rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  return tmp;
}

/** fsyncs a folder so a rename or link inside it survives a crash (a no-op where folders cannot be opened). */
async function syncDir(dir: string): Promise<void> {
  let fh: FileHandle | undefined;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch {
    // Some platforms (Windows) cannot fsync a directory; the rename is still atomic there.
  } finally {
    await fh?.close();
  }
}

/** {@link syncDir}, synchronously. */
function syncDirSync(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // as syncDir: not every platform can fsync a directory
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Replaces `path` with `data` atomically: readers see either the old content or the new, never a torn file.
 * The parent folder is created when missing. The data goes to a temp file in the same folder which is then
 * renamed over `path`; on failure the temp file is removed and the old file is left untouched.
 *
 * @example
 * ```ts
 * await writeFileAtomic('/runs/exp/meta.json', JSON.stringify(meta));
 * ```
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  const sync = opts.fsync ?? true;
  const tmp = await writeTemp(path, data, sync);
  try {
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  if (sync) await syncDir(dirname(path));
}

/** {@link writeFileAtomic} for a JSON document (pretty-printed, newline-terminated, so diffs stay readable). */
export async function writeJsonAtomic(path: string, value: unknown, opts: AtomicWriteOptions = {}): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, opts);
}

/**
 * Creates `path` with `data` only when it does not exist yet, atomically: returns `true` when this call
 * created it, `false` when another writer got there first (its content is then left as it was). Uses a
 * hard link from a complete temp file, so a reader never sees a half-written file under `path`.
 */
export async function createFileExclusive(path: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<boolean> {
  const sync = opts.fsync ?? true;
  const tmp = await writeTemp(path, data, sync);
  try {
    await link(tmp, path);
    if (sync) await syncDir(dirname(path));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/**
 * {@link writeFileAtomic} for callers that must stay synchronous: `data` is the content, or a function that
 * streams it into the open temp file (`write(fd, …)` in chunks, so a large file never sits in memory). Same
 * temp name, fsync, rename, folder fsync and clean-up on failure.
 *
 * @example
 * ```ts
 * writeFileAtomicSync('/out/features.csv', (fd) => { for (const chunk of chunks) writeSync(fd, chunk); });
 * ```
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array | ((fd: number) => void), opts: AtomicWriteOptions = {}): void {
  const sync = opts.fsync ?? true;
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  const fd = openSync(tmp, 'wx');
  let isOpen = true;
  try {
    if (typeof data === 'function') data(fd);
    else writeFileSync(fd, data);
    if (sync) fsyncSync(fd);
    closeSync(fd);
    isOpen = false;
    renameSync(tmp, path);
  } catch (e) {
    if (isOpen) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  if (sync) syncDirSync(dirname(path));
}

/**
 * Moves a fully built directory `built` (a {@link tempPathFor} sibling of `target`, tag `build`) to `target`,
 * replacing whatever was there, then flushes the parent folder. A missing target is a single rename. An
 * existing one is first renamed aside to a backup (`.<name>.rollq-old-<pid>-…`) and removed only after the new
 * one is in place: POSIX has no atomic directory exchange reachable from Node, so for two metadata operations
 * `target` is absent while the old copy is still on disk beside it. A process killed at any point leaves one
 * of these states, each of which {@link recoverDirectory} repairs on the next run: a build (dropped), a backup
 * without a target (renamed back), or a backup beside the new target (removed). The files inside `built` are
 * not flushed one by one (an import writes thousands); the caller builds it completely first.
 */
export function replaceDirectory(built: string, target: string): void {
  mkdirSync(dirname(target), { recursive: true });
  if (!existsSync(target)) {
    renameSync(built, target);
    syncDirSync(dirname(target));
    return;
  }
  const old = tempPathFor(target, 'old');
  renameSync(target, old);
  syncDirSync(dirname(target)); // the backup is durable before the target goes
  try {
    renameSync(built, target);
  } catch (e) {
    renameSync(old, target); // put the original back: the target must end up exactly as it was
    throw e;
  }
  syncDirSync(dirname(target));
  rmSync(old, { recursive: true, force: true });
}

/**
 * The lock file of a directory that is replaced as a whole (`.<name>.rollq-lock` beside it, not inside: the
 * swap renames the inside away). Its writers take it with `withFileLock` around build, swap and recovery.
 */
export function directoryLockPath(target: string): string {
  return join(dirname(target), `.${basename(target)}.rollq-lock`);
}

/** What {@link recoverDirectory} found beside a target and did. */
export interface DirectoryRecovery {
  /** The backup renamed back to the target, when an interrupted swap had left no target. */
  restored?: string;
  /** Leftover builds, backups and lock temp files removed (full paths). */
  removed: string[];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Repairs what an interrupted {@link replaceDirectory} (or the build before it) left beside `target`, so a
 * later run finds the target old-or-new and no leftovers. Only leftovers of processes that are no longer
 * running (or of this process) are touched; call it while holding the target's lock, so no live swap of
 * this process is in flight.
 * - a backup (`.<name>.rollq-old-<pid>-…`) with no `target`: the process died between its two renames; the
 *   backup is renamed back (the newest, if there are several) and the import that made it counts as never
 *   done;
 * - a backup beside an existing `target`: the new copy is in place; the backup is removed;
 * - a build (`.<name>.rollq-build-<pid>-…`), complete or not: it was never renamed into place, so the import
 *   never finished and `target` is still what it was; the build is removed;
 * - a lock's temp file (`..<name>.rollq-lock.rollq-tmp-<pid>-…`) left by a kill while taking the lock, and
 *   leftovers of a leftover (`..<name>.rollq-build-<pid>-….rollq-…`, when a build was itself swapped): removed.
 */
export function recoverDirectory(target: string): DirectoryRecovery {
  const parent = dirname(target);
  const base = escapeRegExp(basename(target));
  // `.<name>.rollq-build|old-<pid>-<n>-<hex>`, a lock's temp file `..<name>.rollq-lock.rollq-tmp-<pid>-…`, and
  // anything nested in a leftover's name (`..<name>.rollq-build-….rollq-…`: a build's own temp files)
  const leftover = new RegExp(`^\\.(\\.?)${base}\\.rollq-(build|old|lock\\.rollq-tmp)-(\\d+)-\\d+-[0-9a-f]+(.*)$`);
  const found: { path: string; backup: boolean }[] = [];
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return { removed: [] }; // no parent folder: nothing was ever built here
  }
  for (const name of names) {
    const m = leftover.exec(name);
    if (!m) continue;
    const pid = Number(m[3]);
    if (pid !== process.pid && isProcessAlive({ pid, hostname: hostname() })) continue;
    found.push({ path: join(parent, name), backup: m[1] === '' && m[2] === 'old' && m[4] === '' });
  }
  const result: DirectoryRecovery = { removed: [] };
  if (!existsSync(target)) {
    const backups = found
      .filter((f) => f.backup)
      .map((f) => ({ ...f, ctime: statSync(f.path).ctimeMs }))
      .sort((a, b) => b.ctime - a.ctime);
    if (backups[0]) {
      renameSync(backups[0].path, target);
      syncDirSync(parent);
      result.restored = backups[0].path;
    }
  }
  for (const f of found) {
    if (f.path === result.restored) continue;
    rmSync(f.path, { recursive: true, force: true });
    result.removed.push(f.path);
  }
  return result;
}
