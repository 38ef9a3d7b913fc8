import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { usQlibDir } from '@rollq/tools';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli as run } from '../testing/run-cli.js';

afterEach(() => vi.restoreAllMocks());

describe('rollq data info', () => {
  it('--json prints exactly calendar, instruments, markets, fields of the US demo', async () => {
    const dir = await usQlibDir();
    const r = await run(['data', 'info', '--provider', dir, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      calendar: { start: '2013-02-08', end: '2018-02-07', days: 1259 },
      instruments: 506,
      markets: ['all', 'sp500'],
      fields: ['close', 'high', 'low', 'open', 'volume'],
    });
    expect(Object.keys(JSON.parse(r.stdout))).toEqual(['calendar', 'instruments', 'markets', 'fields']);
  });

  it('prints a readable summary with the size, and exits 2 on a folder that is not a Qlib directory', async () => {
    const ok = await run(['data', 'info', '--provider', await usQlibDir()]);
    expect(ok.stdout).toMatch(/calendar\s+2013-02-08 \.\. 2018-02-07 \(1259 days\)/);
    expect(ok.stdout).toMatch(/size\s+\d+\.\d MiB of feature files/);
    const bad = await run(['data', 'info', '--provider', tmpdir()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/PROVIDER_NOT_FOUND.*not a Qlib data directory[\s\S]*hint: import data first/);
  });
});

describe('rollq data import', () => {
  it('imports, then updates with snake_case options, printing a summary and plain progress on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollq-cli-imp-'));
    writeFileSync(join(dir, 'a.csv'), 'Day,Close,Volume,Tic\n2020-01-02,1,10,aaa\n2020-01-03,2,20,aaa\n2020-01-02,5,1,bbb\n');
    writeFileSync(join(dir, 'b.csv'), 'Day,Close,Volume,Tic\n2020-01-06,3,30,aaa\n');
    const out = join(dir, 'qlib');
    const first = await run([
      'data',
      'import',
      '--csv',
      join(dir, 'a.csv'),
      '--out',
      out,
      '--date-field',
      'Day',
      '--symbol-field',
      'Tic',
      '--fields',
      'close,volume',
      '--market',
      'demo',
    ]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /imported .*: 3 rows, 2 symbols \(2 in all\.txt\), calendar 2020-01-02\.\.2020-01-03 \(2 days, 2 new\), fields close,volume/,
    );
    expect(first.stderr).toMatch(/writing: 2\/2 symbols/);
    const second = await run([
      'data',
      'import',
      '--csv',
      join(dir, 'b.csv'),
      '--out',
      out,
      '--mode',
      'update',
      '--date_field',
      'Day',
      '--symbol_field',
      'Tic',
    ]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/updated .*: 1 rows, 1 symbols \(2 in all\.txt\), calendar 2020-01-02\.\.2020-01-06 \(3 days, 1 new\)/);
    const info = await run(['data', 'info', '--provider', out, '--json']);
    expect(JSON.parse(info.stdout)).toEqual({
      calendar: { start: '2020-01-02', end: '2020-01-06', days: 3 },
      instruments: 2,
      markets: ['all', 'demo'],
      fields: ['close', 'volume'],
    });
  });

  it('reports bad input with file and line and exits 2, writing nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollq-cli-imp-'));
    writeFileSync(join(dir, 'a.csv'), 'date,close,symbol\n2020-01-02,x,AAA\n');
    const r = await run(['data', 'import', '--csv', join(dir, 'a.csv'), '--out', join(dir, 'qlib')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/CSV_INVALID.*a\.csv:2: column "close" \(column 2\) value "x" is not a number/);
    expect(existsSync(join(dir, 'qlib'))).toBe(false);
    expect((await run(['data', 'import', '--csv', join(dir, 'a.csv'), '--out', join(dir, 'q'), '--mode', 'append'])).code).toBe(2);
  });
});
