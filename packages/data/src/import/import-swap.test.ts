import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recoverDirectory } from '../fs/atomic-write.js';
import { QlibProvider } from '../storage/qlib-provider.js';
import { importCsv } from './import-csv.js';

/** A pid that certainly belonged to a process that has exited. */
const DEAD = spawnSync(process.execPath, ['-e', '0']).pid;
/** A live process other than this one, killed after the suite. */
const alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
afterAll(() => {
  alive.kill();
});

const OLD = 'date,close,symbol\n2020-01-02,1,AAA\n2020-01-03,2,AAA\n';
const NEW = 'date,close,symbol\n2020-01-06,3,AAA\n';

/** A scratch folder with `old.csv`, `new.csv` and `qlib/` imported from old.csv. */
async function imported(): Promise<{ dir: string; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'rollq-imp-swap-'));
  writeFileSync(join(dir, 'old.csv'), OLD);
  writeFileSync(join(dir, 'new.csv'), NEW);
  const out = join(dir, 'qlib');
  await importCsv({ csv: join(dir, 'old.csv'), out });
  return { dir, out };
}

/** The name replaceDirectory / tempPathFor gives a leftover of process `pid`. */
const leftover = (tag: 'build' | 'old', pid: number, n = 1) => `.qlib.rollq-${tag}-${pid}-${n}-0123abcd`;
const closes = (out: string) => Array.from(QlibProvider.open(out).loadAligned('AAA', 'close'));
const entries = (dir: string) => readdirSync(dir).sort();
const quiet = () => {};

describe('an interrupted import is repaired by the next one (each state a kill can leave)', () => {
  it('killed between the two renames: the backup is restored (no target), the finished build dropped', async () => {
    const { dir, out } = await imported();
    renameSync(out, join(dir, leftover('old', DEAD))); // old → backup happened
    cpSync(join(dir, leftover('old', DEAD)), join(dir, leftover('build', DEAD, 2)), { recursive: true }); // new → target did not
    expect(existsSync(out)).toBe(false);
    // a reader meanwhile is told where the data went and how to get it back
    expect(() => QlibProvider.open(out)).toThrow(
      expect.objectContaining({ code: 'PROVIDER_NOT_FOUND', hint: expect.stringMatching(/interrupted.*rollq-old-.*restores it/) }),
    );

    const notes: string[] = [];
    const r = await importCsv({ csv: join(dir, 'new.csv'), out, mode: 'update', warn: (m) => notes.push(m) });
    expect(notes).toEqual([
      expect.stringMatching(/import into .*qlib was interrupted: restored the previous copy from .*rollq-old-.*; removed 1 leftover/),
    ]);
    expect(r.recovered.restored).toBe(join(dir, leftover('old', DEAD)));
    expect(r.recovered.removed).toEqual([join(dir, leftover('build', DEAD, 2))]);
    expect(closes(out)).toEqual([1, 2, 3]); // the old data came back and got the update
    expect(entries(dir)).toEqual(['new.csv', 'old.csv', 'qlib']);
  });

  it('killed after the new target is in place: the backup beside it is removed, the target kept', async () => {
    const { dir, out } = await imported();
    mkdirSync(join(dir, leftover('old', DEAD)));
    writeFileSync(join(dir, leftover('old', DEAD), 'half-deleted'), '');
    const r = await importCsv({ csv: join(dir, 'new.csv'), out, mode: 'update', warn: quiet });
    expect(r.recovered).toEqual({ removed: [join(dir, leftover('old', DEAD))] });
    expect(closes(out)).toEqual([1, 2, 3]);
    expect(entries(dir)).toEqual(['new.csv', 'old.csv', 'qlib']);
  });

  it('killed while building (update copy or mode all): the partial build is removed, the target untouched', async () => {
    const { dir, out } = await imported();
    mkdirSync(join(dir, leftover('build', DEAD), 'features', 'aaa'), { recursive: true });
    writeFileSync(join(dir, leftover('build', DEAD), 'features', 'aaa', 'close.day.bin'), 'torn');
    const before = readFileSync(join(out, 'features', 'aaa', 'close.day.bin'));
    const r = await importCsv({ csv: join(dir, 'old.csv'), out, warn: quiet });
    expect(r.recovered.removed).toEqual([join(dir, leftover('build', DEAD))]);
    expect(readFileSync(join(out, 'features', 'aaa', 'close.day.bin'))).toEqual(before);
    expect(entries(dir)).toEqual(['new.csv', 'old.csv', 'qlib']);
  });

  it('killed during the first import (no target before): the build is dropped and the import starts afresh', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollq-imp-swap-'));
    writeFileSync(join(dir, 'old.csv'), OLD);
    mkdirSync(join(dir, leftover('build', DEAD), 'calendars'), { recursive: true });
    const out = join(dir, 'qlib');
    const r = await importCsv({ csv: join(dir, 'old.csv'), out, warn: quiet });
    expect(r.recovered.removed).toHaveLength(1);
    expect(closes(out)).toEqual([1, 2]);
    expect(entries(dir)).toEqual(['old.csv', 'qlib']);
  });

  it('killed while taking the lock: the lock temp file is removed', async () => {
    const { dir, out } = await imported();
    const tmp = `..qlib.rollq-lock.rollq-tmp-${DEAD}-3-89abcdef`;
    writeFileSync(join(dir, tmp), '{}');
    const r = await importCsv({ csv: join(dir, 'new.csv'), out, mode: 'update', warn: quiet });
    expect(r.recovered.removed).toEqual([join(dir, tmp)]);
    expect(entries(dir)).toEqual(['new.csv', 'old.csv', 'qlib']);
  });

  it('several backups and no target: the newest comes back, the others go', async () => {
    const { dir, out } = await imported();
    const older = join(dir, leftover('old', DEAD, 1));
    cpSync(out, older, { recursive: true });
    await new Promise((r) => setTimeout(r, 20));
    renameSync(out, join(dir, leftover('old', DEAD, 2)));
    const got = recoverDirectory(out);
    expect(got).toEqual({ restored: join(dir, leftover('old', DEAD, 2)), removed: [older] });
    expect(entries(dir)).toEqual(['new.csv', 'old.csv', 'qlib']);
  });

  it('leaves alone what a running process owns, and the leftovers of other folders', async () => {
    const { dir, out } = await imported();
    const mine = [leftover('build', alive.pid!), leftover('old', alive.pid!), `.qlib2.rollq-build-${DEAD}-1-0123abcd`];
    for (const name of mine) mkdirSync(join(dir, name));
    const r = await importCsv({ csv: join(dir, 'new.csv'), out, mode: 'update', warn: quiet });
    expect(r.recovered).toEqual({ removed: [] });
    expect(entries(dir)).toEqual([...mine, 'new.csv', 'old.csv', 'qlib'].sort());
  });

  it('a clean folder has nothing to repair', async () => {
    const { dir, out } = await imported();
    expect(recoverDirectory(out)).toEqual({ removed: [] });
    expect(recoverDirectory(join(dir, 'missing', 'qlib'))).toEqual({ removed: [] });
    const r = await importCsv({ csv: join(dir, 'new.csv'), out, mode: 'update', warn: quiet });
    expect(r.recovered).toEqual({ removed: [] });
  });
});
