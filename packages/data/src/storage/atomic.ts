import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let tempCounter = 0;

/**
 * A fresh, unique path beside `target` (same folder, so `rename` between them never crosses file systems).
 * The name starts with a dot and says what it is, so an interrupted run leaves an obvious leftover.
 */
export function siblingTempPath(target: string, tag: string): string {
  tempCounter += 1;
  const rand = Math.random().toString(36).slice(2, 8);
  return join(dirname(target), `.${basename(target)}.rollq-${tag}-${process.pid}-${tempCounter}-${rand}`);
}

/** Writes a file atomically: the bytes go to a temp file in the same folder, which is then renamed over `path`. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = siblingTempPath(path, 'tmp');
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Moves a fully built directory `built` to `target`, replacing whatever was there. A missing target is a
 * single rename. An existing one is first renamed aside and removed only after the new one is in place:
 * POSIX has no atomic directory exchange reachable from Node, so this two-rename swap keeps the window
 * in which `target` is absent to two metadata operations, and the old copy is still on disk (beside the
 * target, named `.<name>.rollq-old-*`) if the process dies inside that window.
 */
export function replaceDirectory(built: string, target: string): void {
  mkdirSync(dirname(target), { recursive: true });
  if (!existsSync(target)) {
    renameSync(built, target);
    return;
  }
  const old = siblingTempPath(target, 'old');
  renameSync(target, old);
  try {
    renameSync(built, target);
  } catch (e) {
    renameSync(old, target); // put the original back: the target must end up exactly as it was
    throw e;
  }
  rmSync(old, { recursive: true, force: true });
}
