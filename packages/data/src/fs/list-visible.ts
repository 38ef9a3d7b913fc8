import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { isHiddenName } from './atomic-write.js';

/** True for the errors of a path that does not exist (or runs through a file). */
export function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Visible sub-folders of `dir` (none when it does not exist); hidden names are temp or lock files. */
export async function listVisibleDirs(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && !isHiddenName(e.name)).map((e) => e.name);
  } catch (e) {
    if (isMissing(e)) return [];
    throw e;
  }
}

/** Visible files under `base`, recursively, as `/`-joined relative paths, sorted (none when it does not exist). */
export async function listVisibleFiles(base: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(rel ? `${base}/${rel}` : base, { withFileTypes: true });
    } catch (e) {
      if (isMissing(e)) return;
      throw e;
    }
    for (const ent of entries) {
      if (isHiddenName(ent.name)) continue;
      const name = rel ? `${rel}/${ent.name}` : ent.name;
      if (ent.isDirectory()) await walk(name);
      else out.push(name);
    }
  };
  await walk('');
  return out.sort();
}
