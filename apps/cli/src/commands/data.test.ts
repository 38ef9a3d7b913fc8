import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
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
  it('--region records the region in rollq.json, which rollq backtest reads before inferring one', async () => {
    const { dataRegion } = await import('./backtest-action.js');
    const { QlibProvider } = await import('@rollq/data');
    const dir = mkdtempSync(join(tmpdir(), 'rollq-cli-region-'));
    writeFileSync(join(dir, 'a.csv'), 'symbol,date,close\nSH600000,2020-01-02,1\nSH600000,2020-01-03,2\n^GSPC,2020-01-02,5\n');
    const plain = await run(['data', 'import', '--csv', join(dir, 'a.csv'), '--out', join(dir, 'plain')]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(existsSync(join(dir, 'plain', 'rollq.json'))).toBe(false);
    expect(dataRegion(QlibProvider.open(join(dir, 'plain')))).toEqual({ region: 'cn', from: 'inferred from the data' });
    const us = await run(['data', 'import', '--csv', join(dir, 'a.csv'), '--out', join(dir, 'us'), '--region', 'us']);
    expect(us.code, us.stderr).toBe(0);
    expect(dataRegion(QlibProvider.open(join(dir, 'us')))).toEqual({ region: 'us', from: 'rollq.json' });
    expect(dataRegion(QlibProvider.open(await usQlibDir()))).toEqual({ region: 'us', from: 'inferred from the data' });
  });

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

  it('stores hostile symbols inside --out only, and reads them back (exit 0)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollq-cli-imp-'));
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(join(dir, 'in.csv'), 'date,close,symbol\n2020-01-02,1,../../../../elsewhere/PWNED\n2020-01-02,2,BRK/B\n');
    const out = join(dir, 'a', 'b', 'qlib');
    const r = await run(['data', 'import', '--csv', join(dir, 'in.csv'), '--out', out]);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['a', 'in.csv']);
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['qlib']);
    expect(readdirSync(join(out, 'features')).sort()).toEqual(['%2e.%2f..%2f..%2f..%2felsewhere%2fpwned', 'brk%2fb']);
  });

  it.each([
    [
      'a truncated .csv.gz',
      'in.csv.gz',
      gzipSync('date,close,symbol\n2020-01-02,1,AAA\n').subarray(0, 20),
      [],
      /CSV_INVALID.*in\.csv\.gz is (empty or )?truncated/,
    ],
    ['a non-gzip .csv.gz', 'in.csv.gz', 'date,close,symbol\n', [], /CSV_INVALID.*in\.csv\.gz is not a valid gzip file/],
    [
      'a hex number',
      'in.csv',
      'date,close,symbol\n2020-01-02,0x1F,AAA\n',
      [],
      /in\.csv:2: column "close" \(column 2\) value "0x1F" is not a decimal number/,
    ],
    ['1e400', 'in.csv', 'date,close,symbol\n2020-01-02,1e400,AAA\n', [], /value "1e400" is out of range/],
    ['a negative volume', 'in.csv', 'date,close,volume,symbol\n2020-01-02,1,-5,AAA\n', [], /has a negative volume -5/],
    ['no close column', 'in.csv', 'date,open,symbol\n2020-01-02,1,AAA\n', [], /required column "close" missing/],
    ['an impossible day', 'in.csv', 'date,close,symbol\n2016-02-30,1,AAA\n', [], /in\.csv:2: .*"2016-02-30" is not a valid date/],
    [
      '--start 2016-02-30',
      'in.csv',
      'date,close,symbol\n2016-02-29,1,AAA\n',
      ['--start', '2016-02-30'],
      /CONFIG_INVALID.*--start.*2016-02-30/,
    ],
    [
      '--out an existing file',
      'in.csv',
      'date,close,symbol\n2016-02-29,1,AAA\n',
      ['--out', 'SELF'],
      /IMPORT_TARGET_INVALID.*is a file, not a directory/,
    ],
    [
      '--out under /proc',
      'in.csv',
      'date,close,symbol\n2016-02-29,1,AAA\n',
      ['--out', '/proc/rollq-x'],
      /IMPORT_TARGET_INVALID.*cannot write in \/proc/,
    ],
  ] as const)('%s exits 2 with a message and no stack, writing nothing', async (_, name, content, extra, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'rollq-cli-imp-'));
    writeFileSync(join(dir, name), content);
    const args = ['data', 'import', '--csv', join(dir, name), '--out', join(dir, 'qlib'), ...extra].map((a) =>
      a === 'SELF' ? join(dir, name) : a,
    );
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/hint: /);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readdirSync(dir)).toEqual([name]);
  });
});
