import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toPredictionColumns } from '@rollq/data';
import { TaskPool } from '@rollq/online/mongo';
import { tinyWorkflowYaml, usQlibDir } from '@rollq/tools';
import { freshMongoUrl } from '@rollq/tools/mongo';
import { closeRecorderStore, openRecorderStore } from '@rollq/workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli.js';

const CLI_DIR = join(import.meta.dirname, '..', '..');

/** `rollq <args>` as its own process (from the sources), with its output collected. */
function rollqProcess(args: string[]): {
  child: ChildProcess;
  done: Promise<{ code: number | null; stderr: string; stdout: string }>;
  /** Resolves once stderr matches `re`. */
  said(re: RegExp): Promise<void>;
} {
  const child = spawn(process.execPath, ['--conditions=@rollq/source', '--import', 'tsx', join(CLI_DIR, 'bin', 'rollq-dev.ts'), ...args], {
    cwd: CLI_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  child.stdout!.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  const said = (re: RegExp): Promise<void> =>
    new Promise((done, fail) => {
      const look = (): void => {
        if (!re.test(stderr)) return;
        child.stderr!.off('data', look);
        done();
      };
      child.stderr!.on('data', look);
      child.on('exit', () => fail(new Error(`exited before saying ${re}: ${stderr}`)));
      look();
    });
  return { child, done: new Promise((r) => child.on('exit', (code) => r({ code, stderr, stdout }))), said };
}

/** The merged `pred` of the newest recorder of `experiment` in the store at `location`, as sorted rows. */
async function mergedPred(location: string, experiment: string): Promise<string[]> {
  const store = await openRecorderStore(location);
  try {
    const [rec] = await store.listRecorders(experiment);
    const p = toPredictionColumns(await store.loadPredictions(rec!.id, 'pred'));
    return p.datetime.map((d, i) => `${d} ${p.instrument[i]} ${p.values.get('score')![i]}`);
  } finally {
    await closeRecorderStore(store);
  }
}

describe('rollq rolling run --mongo with rollq worker processes', () => {
  let dir: string;
  let yaml: string;
  let single: string[];
  const url = freshMongoUrl('cli_pool');
  const base = () => ['rolling', 'run', yaml, '--step', '5', '--experiment_name', 'tiny'];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rollq-cli-pool-'));
    yaml = join(dir, 'tiny.yaml');
    writeFileSync(yaml, tinyWorkflowYaml(await usQlibDir(), { sigAna: false }));
    const r = await runCli([...base(), '--uri_folder', join(dir, 'single')]);
    expect(r.code, r.stderr).toBe(0);
    single = await mergedPred(join(dir, 'single'), 'tiny');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('2 rollq workers train the pool (--no-local-worker) and the merged predictions equal the single-process run', async () => {
    // one worker starts before the driver (it waits for the pool to record its data folder), one after the tasks exist
    const early = rollqProcess(['worker', '--mongo', url, '--pool', 'tiny', '--lease', '20s']);
    await early.said(/waiting for a driver to record the data folder of pool tiny/);
    const driver = runCli([...base(), '--uri_folder', join(dir, 'pooled'), '--mongo', url, '--pool', 'tiny', '--no-local-worker']);
    const pool = await TaskPool.open(url, 'tiny');
    try {
      for (let i = 0; i < 600 && (await pool.list()).length < 5; i++) await new Promise((r) => setTimeout(r, 100));
      const late = rollqProcess(['worker', '--mongo', url, '--pool', 'tiny', '--exit-when-empty', '--lease', '20s']);
      const lateEnd = await late.done;
      expect(lateEnd.code, lateEnd.stderr).toBe(0);
      await pool.wait({}, { pollMs: 200 });
      early.child.kill('SIGTERM');
      const ends = [await early.done, lateEnd];
      for (const e of ends) expect(e.code, e.stderr).toBe(0);
      expect(ends[0]!.stderr).toMatch(/waiting for a driver to record the data folder of pool tiny/);
      expect(ends.map((e) => e.stdout).join('')).toMatch(/^rollq worker: (\d done|no task)\nrollq worker: (\d done|no task)\n$/);
      const lines = ends.flatMap((e) => e.stderr.split('\n').filter((l) => /^rollq worker: task \w+ test \S+ done in/.test(l)));
      expect(lines.length).toBe(5);
      const run = await driver;
      expect(run.code, run.stderr).toBe(0);
      expect(await mergedPred(join(dir, 'pooled'), 'tiny')).toEqual(single);
      // the task models are in the MongoDB store on the pool's server, one per task, each committed once
      const docs = await pool.list();
      expect(docs.map((d) => d.status)).toEqual(Array(5).fill('done'));
      expect(new Set(docs.map((d) => d.res!.store))).toEqual(new Set([url]));
      const models = await openRecorderStore(url);
      const recs = await models.listRecorders('tiny_rolling_models');
      await closeRecorderStore(models);
      expect(
        recs
          .filter((r) => r.status === 'FINISHED')
          .map((r) => r.id)
          .sort(),
      ).toEqual(docs.map((d) => d.res!.recorder).sort());
      expect(await pool.getMeta()).toMatchObject({ region: 'us', store: url });
    } finally {
      await pool.close();
    }

    const stat = await runCli(['task', 'stat', '--mongo', url, '--pool', 'tiny', '--json']);
    expect(stat.code, stat.stderr).toBe(0);
    expect(JSON.parse(stat.stdout)).toEqual({ waiting: 0, running: 0, done: 5, part_done: 0, failed: 0 });
    const list = await runCli(['task', 'list', '--mongo', url, '--pool', 'tiny']);
    expect(list.stdout.split('\n')[0]).toMatch(/^id\s+status\s+priority\s+attempts\s+worker\s+lease\s+test\s+recorder\s+error$/);
    expect(list.stdout.match(/ done /g)?.length).toBe(5);
    const wait = await runCli(['task', 'wait', '--mongo', url, '--pool', 'tiny']);
    expect(wait.stdout).toMatch(/pool tiny: waiting 0, running 0, done 5/);
    // running the same rolling tasks again reuses the pool's results (Qlib: a finished task is never re-run)
    const again = await runCli([...base(), '--uri_folder', join(dir, 'again'), '--mongo', url, '--pool', 'tiny', '--no-local-worker']);
    expect(again.code, again.stderr).toBe(0);
    expect(await mergedPred(join(dir, 'again'), 'tiny')).toEqual(single);
    const drop = await runCli(['task', 'drop', '--mongo', url, '--pool', 'tiny']);
    expect(drop.stdout).toMatch(/pool tiny: dropped \(5 tasks\)/);
  });

  it('with the local worker (default) the driver trains the pool itself and gets the same predictions', async () => {
    const r = await runCli([...base(), '--uri_folder', join(dir, 'local'), '--mongo', url, '--pool', 'local']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.match(/^rollq worker: task \w+ test \S+ done in/gm)?.length).toBe(5);
    expect(await mergedPred(join(dir, 'local'), 'tiny')).toEqual(single);
    const reset = await runCli(['task', 'reset', '--mongo', url, '--pool', 'local', '--json']);
    expect(JSON.parse(reset.stdout)).toEqual({ reset: 0 });
  });

  it("task list shows a dead worker's task as running with an expired lease; task reset returns it to waiting", async () => {
    const pool = await TaskPool.open(url, 'stuck');
    try {
      const tiny = (await import('@rollq/online/testing')).smallGbdtTask();
      await pool.createTasks([tiny], { experiment: 'e' });
      await pool.fetch({ worker: 'dead-host:1', leaseMs: 1 });
      await new Promise((r) => setTimeout(r, 20));
      const list = await runCli(['task', 'list', '--mongo', url, '--pool', 'stuck']);
      expect(list.stdout.split('\n')[1]).toMatch(/^\w+\s+running\s+0\s+1\s+dead-host:1\s+expired\s+2016-10-03\.\.2016-10-31\s+-$/);
      const reset = await runCli(['task', 'reset', '--mongo', url, '--pool', 'stuck']);
      expect(reset.stdout).toBe('pool stuck: 1 task back to waiting\n');
      expect(await pool.stat()).toMatchObject({ waiting: 1, running: 0 });
    } finally {
      await pool.drop();
      await pool.close();
    }
  });

  it('a stopped worker (SIGTERM) returns its task and exits 0', async () => {
    const pool = await TaskPool.open(url, 'term');
    try {
      const tiny = (await import('@rollq/online/testing')).smallGbdtTask();
      await pool.createTasks([tiny], { experiment: 'e' });
      const w = rollqProcess([
        'worker',
        '--mongo',
        url,
        '--pool',
        'term',
        '--data',
        await usQlibDir(),
        '--store',
        join(dir, 'term'),
        '--grace',
        '1ms',
      ]);
      let err = '';
      const onData = (c: Buffer): void => {
        err += c.toString();
        if (!/started \(attempt 1\)/.test(err)) return;
        w.child.stderr!.off('data', onData);
        w.child.kill('SIGTERM');
      };
      w.child.stderr!.on('data', onData);
      const end = await w.done;
      expect(end.code, end.stderr).toBe(0);
      expect(end.stderr).toMatch(/released in/);
      expect(end.stdout).toBe('rollq worker: 1 released\n');
      expect((await pool.list())[0]).toMatchObject({ status: 'waiting', attempts: 0 });
    } finally {
      await pool.drop();
      await pool.close();
    }
  });
});
