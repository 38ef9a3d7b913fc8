import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DirectoryStateStore, removeStaleTempFiles, STATE_LOCK_FILE } from './state-store.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('DirectoryStateStore after a kill', () => {
  it("the next writer removes a dead process's temp files anywhere in the state, and keeps everything else", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollq-state-store-'));
    roots.push(dir);
    const dead = deadPid();
    const rec = join(dir, 'recorders', 'gbdt', '20261201T103819274-00c64de0ad');
    mkdirSync(rec, { recursive: true });
    // what a kill -9 between an atomic write's temp file and its rename leaves (found by tools/crash)
    const stale = [join(rec, `.meta.json.rollq-tmp-${dead}-6-e4d6c164`), join(dir, `.state.json.rollq-tmp-${dead}-1-0011aabb`)];
    const live = join(rec, `.pred.arrow.rollq-tmp-${process.pid}-3-deadbeef`); // this process's: maybe in flight
    const kept = [join(rec, 'meta.json'), join(dir, 'state.json'), live];
    for (const f of [...stale, ...kept]) writeFileSync(f, '{}');

    const store = new DirectoryStateStore(dir);
    expect(await store.withWriteLock(async () => stale.map((f) => existsSync(f)))).toEqual([false, false]);
    for (const f of kept) expect(existsSync(f)).toBe(true);
    expect(existsSync(join(dir, STATE_LOCK_FILE))).toBe(false);
    expect(await removeStaleTempFiles(dir)).toEqual([]);
  });
});
