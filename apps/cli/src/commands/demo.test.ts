import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { usQlibDir } from '@rollq/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli.js';
import { SMALL_DEMO_FLAGS } from '../testing/small-demo.js';

// A dozen stocks, a 4-month online period and tiny models, new models every 40 days: the whole demo loop in seconds.
const SMALL = [...SMALL_DEMO_FLAGS, '--step', '40'];

describe('rollq demo', () => {
  let out: string;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'rollq-demo-'));
    // the demo imports the shipped CSVs into <out>/us_qlib unless it is there: reuse the test import
    symlinkSync(await usQlibDir(), join(out, 'us_qlib'));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('first-trains two strategies, simulates the period, blends, backtests and writes the report', async () => {
    const r = await runCli(['demo', '--out', out, ...SMALL]);
    expect(r.code, r.stderr).toBe(0);
    // the online set was swapped every 40 trading days: first training, then two retrainings
    const swaps = r.stdout
      .split('\n')
      .filter((l) => /^\s+#\d+ \d{4}-\d\d-\d\d (first_train|simulate)\s+trained 2, online gbdt: 1, mlp: 1$/.test(l));
    expect(swaps.map((l) => l.trim().split(' ')[1])).toEqual(['2017-06-01', '2017-07-28', '2017-09-25']);
    const ic = /'IC': (-?[\d.e-]+)/.exec(r.stdout);
    expect(Math.abs(Number(ic?.[1]))).toBeLessThan(1); // a real correlation, not NaN
    expect(r.stdout).toMatch(/'excess return with cost'\n\s+risk\nmean\s+-?\d/);
    for (const f of ['report.html', 'report.csv', 'positions.csv', 'signals.csv']) expect(existsSync(join(out, 'report', f)), f).toBe(true);
    expect(readFileSync(join(out, 'report', 'report.html'), 'utf8')).toContain('IC by month');
    expect(existsSync(join(out, 'online', 'state.json'))).toBe(true);
    // the demo's last line says its online state can be continued: the state names its own data folder
    const status = await runCli(['online', 'status', '--state', join(out, 'online')]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^time 2017-09-29 .*\nstrategy gbdt: 1 online of 3 recorders/s);
  });

  it.each([
    [['--step', 'ten'], /--step "ten" is not a positive whole number of trading days/],
    [['--start', '2017-02-30'], /--start must be a date YYYY-MM-DD, got "2017-02-30"/],
    [['--start', '2017-06-01', '--end', '2017-01-03'], /--end 2017-01-03 is before --start 2017-06-01.*--start <= --end/s],
    [['--mlp-layers', '256,x'], /--mlp-layers must be comma-separated positive integers/],
    [['--gbdt-rounds', '0'], /--gbdt-rounds must be an integer >= 1, got "0"/],
  ])('bad option %j exits 2 naming it, before any work', async (args, message) => {
    const fresh = join(out, 'never');
    const r = await runCli(['demo', '--out', fresh, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(fresh)).toBe(false);
  });
});
