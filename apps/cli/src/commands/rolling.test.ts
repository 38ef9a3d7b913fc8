import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, format, isWeekend, parseISO } from 'date-fns';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runCli as run } from '../testing/run-cli.js';

afterEach(() => vi.restoreAllMocks());

// A provider with only what planning reads: the weekday calendar 2020 of the research notes and a market file.
const root = mkdtempSync(join(tmpdir(), 'rollq-plan-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const days: string[] = [];
for (let d = parseISO('2020-01-01'); d.getFullYear() === 2020; d = addDays(d, 1)) if (!isWeekend(d)) days.push(format(d, 'yyyy-MM-dd'));
mkdirSync(join(root, 'qlib', 'calendars'), { recursive: true });
mkdirSync(join(root, 'qlib', 'instruments'), { recursive: true });
writeFileSync(join(root, 'qlib', 'calendars', 'day.txt'), `${days.join('\n')}\n`);
writeFileSync(join(root, 'qlib', 'instruments', 'all.txt'), 'AAA\t2020-01-01\t2020-12-31\nBBB\t2020-01-01\t2020-12-31\n');

function workflow(name: string, test: string, folder = root): string {
  const p = join(folder, name);
  writeFileSync(
    p,
    `qlib_init: { provider_uri: ./qlib, region: us }
market: &market all
task:
  model: { class: LGBModel, module_path: qlib.contrib.model.gbdt, kwargs: { loss: mse } }
  dataset:
    class: DatasetH
    kwargs:
      handler: { class: Alpha158, kwargs: { start_time: 2020-01-01, end_time: 2020-06-30, instruments: *market } }
      segments:
        train: [2020-01-02, 2020-03-31]
        valid: [2020-04-01, 2020-04-30]
        test: ${test}
`,
  );
  return p;
}

describe('rollq rolling plan', () => {
  it('--json prints exactly the §2.5 expanding segments', async () => {
    const r = await run(['rolling', 'plan', workflow('wf.yaml', '[2020-05-01, 2020-08-31]'), '--step', '20', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { train: ['2020-01-02', '2020-03-31'], valid: ['2020-04-01', '2020-04-30'], test: ['2020-05-01', '2020-05-28'] },
      { train: ['2020-01-02', '2020-04-28'], valid: ['2020-04-29', '2020-05-28'], test: ['2020-05-29', '2020-06-25'] },
      { train: ['2020-01-02', '2020-05-26'], valid: ['2020-05-27', '2020-06-25'], test: ['2020-06-26', '2020-07-23'] },
      { train: ['2020-01-02', '2020-06-23'], valid: ['2020-06-24', '2020-07-23'], test: ['2020-07-24', '2020-08-20'] },
      { train: ['2020-01-02', '2020-07-21'], valid: ['2020-07-22', '2020-08-20'], test: ['2020-08-21', '2020-09-17'] },
    ]);
    expect(r.stderr).toContain('module_path "qlib.contrib.model.gbdt" ignored');
  });

  it('--rtype sliding --trunc_days 3 (snake_case alias), open test end gives null', async () => {
    const r = await run([
      'rolling',
      'plan',
      workflow('open.yaml', '[2020-11-01, null]'),
      '--rtype',
      'sliding',
      '--trunc_days',
      '3',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as Array<Record<string, [string, string | null]>>;
    expect(plan.map((t) => t.test)).toEqual([
      ['2020-11-02', '2020-11-27'],
      ['2020-11-30', '2020-12-25'],
      ['2020-12-28', null],
    ]);
    // valid ends 3 trading days before 11-02 (idx 218 - 3 = 215 = 10-28); sliding moves the train start
    expect(plan[0]!.valid).toEqual(['2020-04-01', '2020-04-30']);
    expect(plan[1]!.train![0]).toBe('2020-01-30');
  });

  it('uses calendars/day_future.txt when present; an open test end still stops at the current data', async () => {
    const future = join(root, 'future');
    mkdirSync(join(future, 'qlib', 'calendars'), { recursive: true });
    const more: string[] = [];
    for (let d = parseISO('2021-01-01'); d.getMonth() === 0; d = addDays(d, 1)) if (!isWeekend(d)) more.push(format(d, 'yyyy-MM-dd'));
    writeFileSync(join(future, 'qlib', 'calendars', 'day.txt'), `${days.join('\n')}\n`);
    writeFileSync(join(future, 'qlib', 'calendars', 'day_future.txt'), `${[...days, ...more].join('\n')}\n`);
    const r = await run(['rolling', 'plan', workflow('f.yaml', '[2020-11-01, null]', future), '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Array<Record<string, unknown>>).map((t) => t.test)).toEqual([
      ['2020-11-02', '2020-11-27'],
      ['2020-11-30', '2020-12-25'],
      ['2020-12-28', '2021-01-22'],
    ]);
  });

  it('the default output is a table with an index and one column per segment', async () => {
    const r = await run(['rolling', 'plan', workflow('tbl.yaml', '[2020-05-01, 2020-06-30]'), '--trunc-days', '3']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^#\s+train\s+valid\s+test$/);
    expect(lines[1]).toBe('0  2020-01-02 .. 2020-03-31  2020-04-01 .. 2020-04-28  2020-05-01 .. 2020-05-28');
    expect(lines.at(-1)).toBe('3 tasks');
  });

  it('bad input exits 2 with a message naming the problem', async () => {
    const bad = await run(['rolling', 'plan', workflow('bad.yaml', '[2020-05-01, someday]'), '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${join(root, 'bad.yaml')}:12:28: task.dataset.kwargs.segments.test.1: expected a date`);
    const step = await run(['rolling', 'plan', workflow('ok.yaml', '[2020-05-01, 2020-06-30]'), '--step', '0']);
    expect(step.code).toBe(2);
    expect(step.stderr).toContain('--step');
    const rtype = await run(['rolling', 'plan', join(root, 'ok.yaml'), '--rtype', 'rolling']);
    expect(rtype.code).toBe(2);
  });
});
