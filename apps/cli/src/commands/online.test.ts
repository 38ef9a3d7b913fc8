import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { TINY_INSTRUMENTS, tinyWorkflowYaml, usQlibDir } from '@rollq/tools';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli as run } from '../testing/run-cli.js';

afterEach(() => vi.restoreAllMocks());

const INSTRUMENTS = TINY_INSTRUMENTS;

/**
 * A small real workflow: 12 S&P 500 stocks, Alpha158, a GBDT of a few rounds, one test window of October
 * 2016.
 */
function workflow(folder: string, name: string, data: string, depth: number): string {
  const p = join(folder, name);
  writeFileSync(p, tinyWorkflowYaml(data, { depth }));
  return p;
}

describe('rollq online on the shipped US data', () => {
  let root: string;
  let state: string;
  let gbdt: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'rollq-cli-online-'));
    const data = await usQlibDir();
    // relative to the workflow's folder: the state's copy of the main workflow must name it absolutely
    gbdt = workflow(root, 'gbdt.yaml', relative(root, data), 3);
    workflow(root, 'deep.yaml', data, 5);
    state = join(root, 'state');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('init, routine, simulate, signals, status and rollback', async () => {
    const init = await run([
      'online',
      'init',
      gbdt,
      '--state',
      state,
      '--name',
      'gbdt',
      '--strategy',
      `deep=${join(root, 'deep.yaml')}`,
      '--step',
      '10',
      '--begin',
      '2016-10-31',
    ]);
    expect(init.stderr).not.toMatch(/error/);
    expect(init.code).toBe(0);
    expect(init.stderr).toMatch(/train gbdt: task 1 of \d+/);
    expect(init.stdout).toMatch(/^time 2016-10-31 {2}last routine - {2}history 1 {2}signals to -/);
    expect(init.stdout).toMatch(/strategy gbdt: \d+ online of \d+ recorders/);
    expect(init.stdout).toMatch(/strategy deep: \d+ online/);
    // the kept workflow names the data folder absolutely
    expect(readFileSync(join(state, 'workflow.yaml'), 'utf8')).toContain(await usQlibDir());

    const again = await run(['online', 'init', gbdt, '--state', state]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already exists.*rollq online routine/s);

    // a Saturday means the trading day before it
    const routine = await run(['online', 'routine', '--state', state, '--date', '2016-11-05']);
    expect(routine.code).toBe(0);
    expect(routine.stderr).toMatch(/routine 2016-11-04 in \d+\.\d+ s/);
    expect(routine.stdout).toMatch(/last routine 2016-11-04 {2}history 2 {2}signals to 2016-11-\d\d/);

    const sim = await run(['online', 'simulate', '--state', state, '--start', '2016-11-07', '--end', '2016-11-18']);
    expect(sim.code).toBe(0);
    expect(sim.stdout).toMatch(/last routine 2016-11-18 {2}history 12 /);

    const csv = join(root, 'out', 'signals.csv');
    const sig = await run(['online', 'signals', '--state', state, '--out', csv]);
    expect(sig.code).toBe(0);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('datetime,instrument,score');
    expect(sig.stderr).toContain(`wrote ${lines.length - 1} signal rows`);
    const days = new Set(lines.slice(1).map((l) => l.split(',')[0]));
    expect(days.has('2016-10-03')).toBe(true);
    expect(days.has('2016-11-18')).toBe(true);

    const oneDay = join(root, 'day.csv');
    expect((await run(['online', 'signals', '--state', state, '--date', '2016-11-18', '--out', oneDay])).code).toBe(0);
    const dayRows = readFileSync(oneDay, 'utf8').trim().split('\n').slice(1);
    expect(dayRows).toHaveLength(INSTRUMENTS.length);
    expect(dayRows.every((l) => l.startsWith('2016-11-18,') && Number.isFinite(Number(l.split(',')[2])))).toBe(true);

    const status = await run(['online', 'status', '--state', state]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/history 12 /);
    expect(status.stdout).toMatch(/^last run ok \(simulate 2016-11-18 at \S+, [\d.]+ s, commit \d+\)$/m);
    // a routine that fails commits nothing; status says what failed and how to fix it
    expect((await run(['online', 'routine', '--state', state, '--date', '2016-11-01'])).code).toBe(2);
    const failed = await run(['online', 'status', '--state', state]);
    expect(failed.stdout).toMatch(/^last run failed \(routine 2016-11-01 at \S+, [\d.]+ s, commit \d+\): CONFIG_INVALID: .*\(hint: .+\)$/m);

    // rollback to the first training's online set, by index, then by date
    const first = JSON.parse(readFileSync(join(state, 'state.json'), 'utf8')).history[0].online as Record<string, string[]>;
    const back = await run(['online', 'rollback', '--state', state, '--to', '0']);
    expect(back.code).toBe(0);
    expect(back.stdout).toMatch(/^rolled back to history #0\n/);
    for (const id of [...first.gbdt!, ...first.deep!]) expect(back.stdout).toContain(id);
    expect(back.stdout).toMatch(/history 13 /);
    const byDate = await run(['online', 'rollback', '--state', state, '--to', '2016-11-04']);
    expect(byDate.code).toBe(0);
    expect(byDate.stdout).toMatch(/^rolled back to history #1\n/);
  });

  it('bad input exits 2 with a message naming the fix', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['online', 'status', '--state', join(root, 'nowhere')], /holds no online state.*rollq online init/s],
      [['online', 'routine', '--state', join(root, 'nowhere')], /holds no online state/],
      [['online', 'routine', '--state', state, '--date', '2016-13-45'], /routine date "2016-13-45" is not a valid date.*YYYY-MM-DD/s],
      [['online', 'routine', '--state', state, '--date', '1999-01-04'], /before the calendar start.*inside the data/s],
      [
        ['online', 'simulate', '--state', state, '--start', '2016-11-30', '--end', '2016-11-01'],
        /start 2016-11-30 is after its end.*start <= end/s,
      ],
      [
        ['online', 'signals', '--state', state, '--date', '2015-06-01', '--out', join(root, 'x.csv')],
        /no signals on 2015-06-01.*pick a trading day/s,
      ],
      [
        ['online', 'rollback', '--state', state, '--to', 'yesterday'],
        /--to "yesterday" is neither a history index nor a date.*rollq online status/s,
      ],
      [['online', 'rollback', '--state', state, '--to', '999'], /no history entry #999.*rollq online status/s],
      [
        ['online', 'init', gbdt, '--state', join(root, 'fresh'), '--step', 'ten'],
        /--step "ten" is not a positive whole number.*--step 20/s,
      ],
      [
        ['online', 'init', gbdt, '--state', join(root, 'fresh'), '--strategy', 'noequals'],
        /--strategy "noequals" is not name=workflow.yaml/,
      ],
      [['online', 'rollback', '--state', state], /required option '--to/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(message);
    }
  });
});
