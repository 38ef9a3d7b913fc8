import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyWorkflowYaml, usQlibDir } from '@rollq/tools';
import { freshMongoUrl } from '@rollq/tools/mongo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as run } from '../testing/run-cli.js';

describe('rollq user on a small online state (shipped US data)', () => {
  let root: string;
  let state: string;
  let wf: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'rollq-cli-user-'));
    wf = join(root, 'wf.yaml');
    writeFileSync(wf, tinyWorkflowYaml(await usQlibDir(), { depth: 3 }));
    state = join(root, 'state');
    const init = await run(['online', 'init', wf, '--state', state, '--name', 'gbdt', '--step', '10', '--begin', '2016-10-31']);
    expect(init.code, init.stderr).toBe(0);
    const sim = await run(['online', 'simulate', '--state', state, '--start', '2016-11-01', '--end', '2016-11-18']);
    expect(sim.code, sim.stderr).toBe(0);
    writeFileSync(join(root, 'topk.yaml'), 'account: 1000000\nstrategy:\n  class: TopkDropoutStrategy\n  kwargs: { topk: 4, n_drop: 1 }\n');
    writeFileSync(
      join(root, 'weights.yaml'),
      'account: 1000000\nsignal: gbdt\nstrategy:\n  class: WeightStrategy\n  kwargs: { topk: 3 }\n',
    );
  }, 300_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('add, routine (several days, then nothing to do), list, report, remove', async () => {
    expect(
      (await run(['user', 'add', 'alice', '--state', state, '--config', join(root, 'topk.yaml'), '--date', '2016-11-04'])).stdout,
    ).toMatch(/added user alice: TopkDropoutStrategy on signal blend, cash 1000000.00; trades from the day after 2016-11-04/);
    expect((await run(['user', 'add', 'bob', '--state', state, '--config', join(root, 'weights.yaml'), '--date', '2016-11-08'])).code).toBe(
      0,
    );

    const one = await run(['user', 'routine', '--state', state, '--date', '2016-11-07']);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain('user alice: traded 1 day 2016-11-04 → 2016-11-07');
    expect(one.stdout).toContain('user bob: starts after 2016-11-08; nothing to do');

    const all = await run(['user', 'routine', '--state', state]);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toMatch(/user alice: traded \d+ days 2016-11-07 → 2016-11-\d\d/);
    expect(all.stdout).toMatch(/user bob: traded \d+ days 2016-11-08 → 2016-11-\d\d/);
    expect(all.stderr).toMatch(/rollq user routine: alice 2016-11-08 \(1\/\d+ days\)/);

    const again = await run(['user', 'routine', '--state', state]);
    expect(again.stdout).toMatch(/user alice: already up to date \(2016-11-\d\d\); nothing to do\nuser bob: already up to date/);

    const list = await run(['user', 'list', '--state', state, '--json']);
    const users = JSON.parse(list.stdout) as Array<{ id: string; strategy: string; days: number; lastDate: string }>;
    expect(users.map((u) => [u.id, u.strategy])).toEqual([
      ['alice', 'TopkDropoutStrategy'],
      ['bob', 'WeightStrategy'],
    ]);
    expect(users[0]!.days).toBeGreaterThan(users[1]!.days);
    expect((await run(['user', 'list', '--state', state])).stdout).toMatch(
      /^id +strategy +signal.*\nalice +TopkDropoutStrategy +blend +2016-11-\d\d/,
    );

    const rep = await run(['user', 'report', 'alice', '--state', state]);
    expect(rep.code, rep.stderr).toBe(0);
    expect(rep.stdout).toMatch(/user alice: TopkDropoutStrategy on signal blend, added 2016-11-04/);
    expect(rep.stdout).toMatch(/excess_return_with_cost\n +mean +-?\d\.\d+/);
    expect(rep.stdout).toContain('max_drawdown');
    const html = readFileSync(join(state, 'users', 'alice', 'report.html'), 'utf8');
    expect(html).toContain('<script type="application/json" id="rollq-charts">');
    const json = JSON.parse((await run(['user', 'report', 'bob', '--state', state, '--json'])).stdout);
    expect(json.summary.id).toBe('bob');
    expect(json.metrics.excess_return_without_cost.std).toBeGreaterThan(0);

    const rm = await run(['user', 'remove', 'bob', '--state', state]);
    expect(rm.stdout).toMatch(/removed user bob: archived to .*users\/\.archive\/bob-\d{8}T\d+Z/);
    expect(readdirSync(join(state, 'users', '.archive'))).toHaveLength(1);
    expect(existsSync(join(state, 'users', 'bob'))).toBe(false);
    const unknown = await run(['user', 'report', 'bob', '--state', state]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no user "bob"[\s\S]*hint:/);
  }, 120_000);

  it("a strategy's signal when the state's recorders live in MongoDB: the same trades as on the local state", async () => {
    const mongoState = join(root, 'mongo-state');
    const pool = ['--mongo', freshMongoUrl('cli_users'), '--pool', 'users'];
    const steps = [
      ['online', 'init', wf, '--state', mongoState, '--name', 'gbdt', '--step', '10', '--begin', '2016-10-31', ...pool],
      ['online', 'simulate', '--state', mongoState, '--start', '2016-11-01', '--end', '2016-11-18', ...pool],
      ['user', 'add', 'bob', '--state', mongoState, '--config', join(root, 'weights.yaml'), '--date', '2016-11-08'],
      ['user', 'add', 'bob2', '--state', state, '--config', join(root, 'weights.yaml'), '--date', '2016-11-08'],
      ['user', 'routine', '--state', mongoState],
      ['user', 'routine', '--state', state],
    ];
    for (const args of steps) {
      const r = await run(args);
      expect(r.code, `${args.slice(0, 2).join(' ')}: ${r.stderr}`).toBe(0);
    }
    expect(JSON.parse(readFileSync(join(mongoState, 'state.json'), 'utf8')).store).toMatch(/^mongodb:\/\//);
    const days = (dir: string, id: string) => {
      const folder = join(dir, 'users', id, 'days');
      return readdirSync(folder).map((f) => [f, JSON.parse(readFileSync(join(folder, f), 'utf8'))]);
    };
    expect(days(mongoState, 'bob').length).toBeGreaterThan(3);
    expect(days(mongoState, 'bob')).toEqual(days(state, 'bob2'));
  }, 120_000);
});
