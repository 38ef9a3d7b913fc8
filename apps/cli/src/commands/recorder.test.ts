import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectoryRecorderStore } from '@rollq/workflow';
import { table } from 'arquero';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli.js';

const TASK = {
  model: { class: 'LGBModel', kwargs: {} },
  dataset: { class: 'DatasetH', kwargs: { segments: { train: ['2016-01-04', '2016-06-30'], test: ['2016-10-03', '2016-10-31'] } } },
};

describe('rollq recorder list / export on a store filled directly', () => {
  let dir: string;
  let store: DirectoryRecorderStore;
  let older: string;
  let finished: string;
  let failed: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rollq-cli-recorder-'));
    store = new DirectoryRecorderStore(join(dir, 'mlruns'));
    const pred = (score: number) =>
      table({ datetime: ['2016-10-03', '2016-10-03', '2016-10-04'], instrument: ['AAPL', 'MSFT', 'AAPL'], score: [score, 0.25, -1.5] });
    older = (await store.createRecorder('exp_a', { task: TASK })).id;
    await store.savePredictions(older, 'pred', pred(1));
    await store.endRecorder(older, 'FINISHED');
    await new Promise((r) => setTimeout(r, 15));
    finished = (await store.createRecorder('exp_a', { task: TASK })).id;
    await store.savePredictions(finished, 'pred', pred(2));
    await store.endRecorder(finished, 'FINISHED');
    await new Promise((r) => setTimeout(r, 15));
    failed = (await store.createRecorder('exp_a')).id;
    await store.endRecorder(failed, 'FAILED', { error: 'boom' });
    await store.createExperiment('empty');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('list: newest first with status, model class and test segment; --json', async () => {
    const r = await runCli(['recorder', 'list', '--uri_folder', join(dir, 'mlruns'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(rows.map((x) => x.id)).toEqual([failed, finished, older]);
    expect(rows[0]).toMatchObject({ experiment: 'exp_a', status: 'FAILED', model: null, test: null });
    expect(rows[1]).toMatchObject({ status: 'FINISHED', model: 'LGBModel', test: ['2016-10-03', '2016-10-31'] });
    const t = await runCli(['recorder', 'list', '--uri_folder', join(dir, 'mlruns')]);
    expect(t.stdout.split('\n')[0]).toMatch(/^id\s+experiment\s+status\s+model\s+test\s+started$/);
    expect(t.stdout).toContain('2016-10-03..2016-10-31');
  });

  it('export: the newest FINISHED recorder by default, an id when given, as datetime,instrument,score CSV', async () => {
    const out = join(dir, 'out', 'pred.csv');
    const r = await runCli(['recorder', 'export', '--uri_folder', join(dir, 'mlruns'), '--experiment', 'exp_a', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(finished);
    expect(readFileSync(out, 'utf8')).toBe('datetime,instrument,score\n2016-10-03,AAPL,2\n2016-10-03,MSFT,0.25\n2016-10-04,AAPL,-1.5\n');
    const byId = await runCli(['recorder', 'export', '--uri_folder', join(dir, 'mlruns'), '--recorder', older, '--out', out]);
    expect(byId.code, byId.stderr).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')[1]).toBe('2016-10-03,AAPL,1');
  });

  it('export: an experiment without a FINISHED recorder exits 2 with a hint', async () => {
    const r = await runCli([
      'recorder',
      'export',
      '--uri_folder',
      join(dir, 'mlruns'),
      '--experiment',
      'empty',
      '--out',
      join(dir, 'x.csv'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/experiment "empty" has no FINISHED recorder[\s\S]*hint: /);
  });
});
