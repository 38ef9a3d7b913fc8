import { randomBytes } from 'node:crypto';
import { type FileHandle, link, open, rename, rm, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Options of {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /**
   * Flush the temp file and the folder to disk (default `true`). Turn it off only for scratch data: without
   * it a power loss can leave an empty file under the final name even though the rename "happened".
   */
  fsync?: boolean;
}

/** Suffix every temp file ends with; readers skip names starting with `.` and ending with it. */
const TEMP_SUFFIX = '.tmp';

/**
 * Returns the temp path a write to `path` goes through: a hidden file in the same folder (so the final
 * rename never crosses file systems) with a random part (so concurrent writers never share one).
 */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
}

/** True for names a reader must ignore: temp files of an unfinished write, lock files and other dot files. */
export function isHiddenName(name: string): boolean {
  return name.startsWith('.');
}

/** Writes `data` to a fresh temp file beside `path`, flushing it when asked; returns the temp path. */
async function writeTemp(path: string, data: string | Uint8Array, sync: boolean): Promise<string> {
  const tmp = tempPathFor(path);
  const fh = await open(tmp, 'wx');
  try {
    await fh.writeFile(data);
    if (sync) await fh.sync();
  } finally {
    await fh.close();
  }
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

/**
 * Replaces `path` with `data` atomically: readers see either the old content or the new, never a torn file.
 * The data goes to a temp file in the same folder which is then renamed over `path`; on failure the temp
 * file is removed and the old file is left untouched.
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
