import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileExclusive, isHiddenName, tempPathFor, writeFileAtomic, writeJsonAtomic } from './atomic-write.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rollq-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('replaces the content and leaves no temp file behind', async () => {
    const p = join(dir, 'doc.json');
    await writeJsonAtomic(p, { a: 1 });
    await writeJsonAtomic(p, { a: 2 }, { fsync: false });
    expect(JSON.parse(await readFile(p, 'utf8'))).toEqual({ a: 2 });
    expect(await readdir(dir)).toEqual(['doc.json']);
  });

  it('keeps the old file and cleans its temp file when the rename fails', async () => {
    // A non-empty directory under the target name makes rename() fail after the temp file is complete.
    const target = join(dir, 'blocked');
    await mkdir(target);
    await writeFile(join(target, 'keep.txt'), 'old');
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect(await readFile(join(target, 'keep.txt'), 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['blocked']);
  });

  it('puts temp files beside the target, hidden, and unique per write', () => {
    const a = tempPathFor(join(dir, 'meta.json'));
    const b = tempPathFor(join(dir, 'meta.json'));
    expect(a).not.toBe(b);
    expect(a.startsWith(join(dir, '.meta.json.'))).toBe(true);
    expect(isHiddenName(a.slice(dir.length + 1))).toBe(true);
  });
});

describe('createFileExclusive', () => {
  it('lets exactly one of many concurrent creators win and keeps the winner content', async () => {
    const p = join(dir, 'experiment.json');
    const wins = await Promise.all(Array.from({ length: 10 }, (_, i) => createFileExclusive(p, `writer ${i}`)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    const winner = wins.indexOf(true);
    expect(await readFile(p, 'utf8')).toBe(`writer ${winner}`);
    expect(await createFileExclusive(p, 'late')).toBe(false);
    expect(await readdir(dir)).toEqual(['experiment.json']);
  });
});
