import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TaskPool } from '@rollq/online/mongo';
import { tinyWorkflowYaml, usQlibDir } from '@rollq/tools';
import { freshMongoUrl } from '@rollq/tools/mongo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli.js';

describe('rollq online init / routine / simulate with --mongo --pool', () => {
  let root: string;
  let yaml: string;
  const url = freshMongoUrl('cli_online');

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'rollq-cli-online-pool-'));
    yaml = join(root, 'gbdt.yaml');
    writeFileSync(yaml, tinyWorkflowYaml(await usQlibDir()));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** init, a routine and a simulation into `state` (extra flags on each), then the signals CSV. */
  async function sequence(state: string, extra: string[]): Promise<string> {
    const steps = [
      ['online', 'init', yaml, '--state', state, '--name', 'gbdt', '--step', '10', '--begin', '2016-10-31', ...extra],
      ['online', 'routine', '--state', state, '--date', '2016-11-04', ...extra],
      ['online', 'simulate', '--state', state, '--start', '2016-11-07', '--end', '2016-11-30', ...extra],
    ];
    for (const args of steps) {
      const r = await runCli(args);
      expect(r.code, `${args.slice(0, 2).join(' ')}: ${r.stderr}`).toBe(0);
    }
    const csv = join(root, `${state.split('/').pop()}.csv`);
    expect((await runCli(['online', 'signals', '--state', state, '--out', csv])).code).toBe(0);
    return readFileSync(csv, 'utf8');
  }

  it('trains through the pool (TrainerRM, DelayTrainerRM for simulate) into the MongoDB store and gives the signals of a local run', async () => {
    const local = await sequence(join(root, 'local'), []);
    const pooled = await sequence(join(root, 'pooled'), ['--mongo', url, '--pool', 'online']);
    expect(pooled.split('\n').length).toBeGreaterThan(100);
    expect(pooled).toEqual(local);
    const state = JSON.parse(readFileSync(join(root, 'pooled', 'state.json'), 'utf8')) as { store: string };
    expect(state.store).toBe(url);
    const pool = await TaskPool.open(url, 'online');
    try {
      const docs = await pool.list();
      expect(docs.length).toBeGreaterThan(1);
      expect(new Set(docs.map((d) => d.status))).toEqual(new Set(['done']));
      expect(docs.some((d) => d.after === 'part_done')).toBe(true); // the simulation's delayed tasks
      expect(await pool.getMeta()).toMatchObject({ region: 'us', store: url });
    } finally {
      await pool.close();
    }
  });
});
