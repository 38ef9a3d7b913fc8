import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QlibProvider } from '@rollq/data';
import { usQlibDir } from '@rollq/tools';
import { smallGbdtTask } from '@rollq/workflow/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnlineError } from '../errors.js';
import { failingCommits, InjectedFault } from '../testing/faults.js';
import { OnlineManager } from './online-manager.js';
import { appendRoutineLog, ROUTINE_LOG_FILE, readRoutineLog } from './routine-log.js';
import { DirectoryStateStore } from './state-store.js';

const quiet = { warn: () => {} };

describe('routine log', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'rollq-routines-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('logs each routine: ok with the new commit, failed with the code, message and the unchanged commit', async () => {
    const provider = await QlibProvider.open(await usQlibDir());
    const dir = join(root, 'm');
    const init = { strategies: [{ name: 'lin', template: [smallGbdtTask('2016-10-31')], rolling: { step: 10 } }], beginTime: '2016-10-31' };
    const m = await OnlineManager.init(dir, init, { provider, ...quiet });
    expect(await readRoutineLog(dir)).toEqual([]); // init is no routine
    await m.routine('2016-11-11');
    const ok = await readRoutineLog(dir);
    expect(ok).toHaveLength(1);
    expect(ok[0]).toMatchObject({ kind: 'routine', date: '2016-11-11', outcome: 'ok', commit: m.snapshot().commit });
    expect(ok[0]!.durationMs).toBeGreaterThan(0);
    expect(Date.parse(ok[0]!.at)).not.toBeNaN();

    // a bad date: a usage error with its hint, rethrown as is
    const bad = await m.routine('2016-11-01').catch((e) => e);
    expect(bad).toBeInstanceOf(OnlineError);
    // the commit dies: the state keeps its commit, the log says so
    const crashing = await OnlineManager.open(dir, { provider, ...quiet, stateStore: failingCommits(new DirectoryStateStore(dir)) });
    await expect(crashing.routine('2016-11-14')).rejects.toBeInstanceOf(InjectedFault);
    const log = await readRoutineLog(dir);
    expect(log.map((e) => e.outcome)).toEqual(['ok', 'failed', 'failed']);
    expect(log[1]).toMatchObject({ date: '2016-11-01', code: 'CONFIG_INVALID', hint: (bad as OnlineError).hint, commit: ok[0]!.commit });
    expect(log[1]!.message).toContain('before the manager');
    expect(log[2]).toMatchObject({ date: '2016-11-14', outcome: 'failed', code: 'INJECTED_FAULT', commit: ok[0]!.commit });
    expect(await readRoutineLog(dir, { last: 1 })).toEqual([log[2]]);
    // one line each
    expect(readFileSync(join(dir, ROUTINE_LOG_FILE), 'utf8').trimEnd().split('\n')).toHaveLength(3);
  });

  it('skips a torn last line and reads only the tail when asked for the last lines', async () => {
    const dir = mkdtempSync(join(root, 'torn-'));
    const entry = (i: number) => ({
      at: new Date(i).toISOString(),
      kind: 'routine' as const,
      date: null,
      outcome: 'ok' as const,
      durationMs: i,
      commit: i,
    });
    for (let i = 1; i <= 50; i++) await appendRoutineLog(dir, entry(i));
    appendFileSync(join(dir, ROUTINE_LOG_FILE), '{"at":"2026-12-01T00:00:00.000Z","kind":"rou');
    const all = await readRoutineLog(dir);
    expect(all).toHaveLength(50);
    expect(all.at(-1)).toEqual(entry(50));
    expect(await readRoutineLog(dir, { last: 2 })).toEqual([entry(49), entry(50)]);
    expect(await readRoutineLog(join(dir, 'none'))).toEqual([]);
    // a last line longer than the first tail window is still found
    const long = { ...entry(51), outcome: 'failed' as const, message: 'é'.repeat(1400), hint: 'x'.repeat(400) };
    await appendRoutineLog(dir, long);
    expect(await readRoutineLog(dir, { last: 1 })).toEqual([long]);
    // it started on a line of its own, not on the torn one
    expect((await readRoutineLog(dir)).slice(-2)).toEqual([entry(50), long]);
  });
});
