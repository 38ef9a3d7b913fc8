import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataError } from '../errors.js';
import { QlibProvider } from '../storage/qlib-provider.js';
import { importCsv } from './import-csv.js';
import type { ImportProgress } from './options.js';

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'rollq-imp-err-'));
}

/** Imports `text` as a CSV and returns the error; asserts nothing at all was written. */
async function failure(text: string, extra: Record<string, unknown> = {}): Promise<DataError> {
  const dir = scratch();
  const csv = join(dir, 'in.csv');
  writeFileSync(csv, text);
  const out = join(dir, 'out');
  const err = await importCsv({ csv, out, ...extra }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataError);
  expect(existsSync(out)).toBe(false);
  expect(readdirSync(dir)).toEqual(['in.csv']); // no temp dir left behind either
  return err as DataError;
}

const HEADER = 'date,open,close,volume,symbol\n';

describe('importCsv rejects bad input before writing anything', () => {
  it('an unparseable number: file, line, column and a fix', async () => {
    const e = await failure(`${HEADER}2020-01-02,1,2,3,AAA\n2020-01-03,1,abc,3,AAA\n`);
    expect(e.code).toBe('CSV_INVALID');
    expect(e.message).toMatch(/in\.csv:3: column "close" \(column 3\) value "abc" is not a number/);
    expect(e.hint).toMatch(/leave it empty/);
    expect(e.details).toMatchObject({ line: 3, column: 3 });
  });

  it('an unparseable date and an impossible date', async () => {
    expect((await failure(`${HEADER}02/01/2020,1,2,3,AAA\n`)).message).toMatch(
      /in\.csv:2: column "date" value "02\/01\/2020" is not a valid date/,
    );
    const e = await failure(`${HEADER}2020-01-02,1,2,3,AAA\n2020-02-30,1,2,3,AAA\n`);
    expect(e.message).toMatch(/in\.csv:3: .*"2020-02-30" is not a valid date/);
    expect(e.hint).toMatch(/YYYY-MM-DD/);
  });

  it('a duplicate (symbol, date)', async () => {
    const e = await failure(`${HEADER}2020-01-02,1,2,3,AAA\n2020-01-02,1,2,3,BBB\n2020-01-02,1,2,4,AAA\n`);
    expect(e.message).toMatch(/in\.csv:4: duplicate row for \(AAA, 2020-01-02\)/);
  });

  it('dates not ascending within a symbol', async () => {
    const e = await failure(`${HEADER}2020-01-03,1,2,3,AAA\n2020-01-06,1,2,3,BBB\n2020-01-02,1,2,3,AAA\n`);
    expect(e.message).toMatch(/in\.csv:4: dates of AAA are not ascending \(2020-01-02 after 2020-01-03 on line 2\)/);
    expect(e.hint).toMatch(/sort/);
  });

  it('a negative price (but a negative non-price is accepted)', async () => {
    const e = await failure(`${HEADER}2020-01-02,1,2,3,AAA\n2020-01-03,-1.5,2,3,AAA\n`);
    expect(e.message).toMatch(/in\.csv:3: column "open" \(column 2\) has a negative price -1\.5/);
    const dir = scratch();
    writeFileSync(join(dir, 'c.csv'), 'date,close,change,symbol\n2020-01-02,1,-3.5,AAA\n');
    await expect(importCsv({ csv: join(dir, 'c.csv'), out: join(dir, 'out') })).resolves.toMatchObject({ rows: 1 });
  });

  it('a missing date column, symbol column or requested field names the columns and the option', async () => {
    const noDate = await failure('day,close,symbol\n2020-01-02,1,AAA\n');
    expect(noDate.message).toMatch(/in\.csv:1: no date column \(looked for date, Date\); the columns are: day, close, symbol/);
    expect(noDate.hint).toMatch(/--date-field/);
    const noSymbol = await failure('date,close\n2020-01-02,1\n');
    expect(noSymbol.message).toMatch(/no symbol column/);
    expect(noSymbol.hint).toMatch(/--symbol-field .*--symbol/);
    const noField = await failure(`${HEADER}2020-01-02,1,2,3,AAA\n`, { fields: ['close', 'vwap'] });
    expect(noField.message).toMatch(/requested field "vwap" is not a column/);
    expect((await failure(`${HEADER}2020-01-02,1,2,3,AAA\n`, { dateField: 'Day' })).message).toMatch(/no date column "Day"/);
  });

  it('a row with the wrong number of cells', async () => {
    expect((await failure(`${HEADER}2020-01-02,1,2,AAA\n`)).message).toMatch(/in\.csv:2: 4 cells, but the header has 5/);
  });

  it('files of one folder that store different fields', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'csv'));
    writeFileSync(join(dir, 'csv', 'a.csv'), 'date,close\n2020-01-02,1\n');
    writeFileSync(join(dir, 'csv', 'b.csv'), 'date,close,open\n2020-01-02,1,1\n');
    await expect(importCsv({ csv: join(dir, 'csv'), out: join(dir, 'out') })).rejects.toThrow(
      /b\.csv:1: stores fields close,open, but earlier files stored close/,
    );
    await expect(importCsv({ csv: join(dir, 'csv'), out: join(dir, 'out'), symbol: 'X' })).rejects.toThrow(
      /--symbol X names one instrument/,
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('bad options as CONFIG_INVALID naming the option', async () => {
    await expect(importCsv({ csv: 'x.csv', out: 'o', mode: 'append' as 'all' })).rejects.toThrow(/import option mode/);
    await expect(importCsv({ csv: 'x.csv', out: 'o', start: '2020-13-01' })).rejects.toThrow(/import option start: expected a date/);
    await expect(importCsv({ csv: 'x.csv', out: 'o', start: '2020-02-01', end: '2020-01-01' })).rejects.toThrow(/start is after end/);
    await expect(importCsv({ csv: 'x.csv', out: 'o', bogus: 1 } as never)).rejects.toThrow(/import option/);
  });

  it('refuses to replace a non-empty folder that is not a Qlib directory, and update without a directory', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'in.csv'), `${HEADER}2020-01-02,1,2,3,AAA\n`);
    mkdirSync(join(dir, 'home'));
    writeFileSync(join(dir, 'home', 'notes.txt'), 'mine');
    await expect(importCsv({ csv: join(dir, 'in.csv'), out: join(dir, 'home') })).rejects.toMatchObject({ code: 'IMPORT_TARGET_INVALID' });
    await expect(importCsv({ csv: join(dir, 'in.csv'), out: join(dir, 'none'), mode: 'update' })).rejects.toMatchObject({
      code: 'PROVIDER_NOT_FOUND',
    });
  });
});

describe('importCsv input forms', () => {
  it('reads .csv.gz, quoted cells, CRLF, NA cells; lower-cases fields; upper-cases symbols', async () => {
    const dir = scratch();
    const text =
      'Date,Open,"Adj Close",Close,Volume,ticker\r\n2020-01-02,1.5,"2",2,100,aaa\r\n2020-01-03,NaN,,,0,aaa\r\n2020-01-02,7,8,8,9,bbb\r\n';
    writeFileSync(join(dir, 'in.csv.gz'), gzipSync(text));
    const r = await importCsv({ csv: join(dir, 'in.csv.gz'), out: join(dir, 'out') });
    expect(r).toMatchObject({
      rows: 3,
      symbols: 2,
      fields: ['open', 'adj_close', 'close', 'volume'],
      calendar: { start: '2020-01-02', end: '2020-01-03', days: 2 },
    });
    expect(readdirSync(join(dir, 'out', 'features')).sort()).toEqual(['aaa', 'bbb']);
  });

  it('stores a Windows-reserved symbol as Qlib does (features/_qlib_con) and reads it back', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'in.csv'), 'date,close,symbol\n2020-01-02,4.5,CON\n');
    await importCsv({ csv: join(dir, 'in.csv'), out: join(dir, 'out') });
    expect(readdirSync(join(dir, 'out', 'features'))).toEqual(['_qlib_con']);
    const p = QlibProvider.open(join(dir, 'out'));
    expect(p.symbols()).toEqual(['CON']);
    expect(Array.from(p.loadField('CON', 'close')!.values)).toEqual([4.5]);
  });

  it('takes symbols from file stems in a folder; start/end keep only rows in range', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'csv'));
    writeFileSync(join(dir, 'csv', 'xx.csv'), 'date,close\n2020-01-01,1\n2020-01-02,2\n2020-01-03,3\n');
    writeFileSync(join(dir, 'csv', 'YY.csv.gz'), gzipSync('date,close\n2020-01-03,5\n'));
    writeFileSync(join(dir, 'csv', 'notes.txt'), 'ignored');
    const events: ImportProgress[] = [];
    const r = await importCsv({
      csv: join(dir, 'csv'),
      out: join(dir, 'out'),
      start: '2020-01-02',
      market: 'mine',
      onProgress: (e) => events.push(e),
    });
    expect(events.filter((e) => e.phase === 'read').map((e) => e.rows)).toEqual([1, 3]); // rows so far after each file, in name order: YY.csv.gz (1), xx.csv (2 in range)
    expect(events.at(-1)).toEqual({ phase: 'write', symbols: 2, totalSymbols: 2 });
    expect(r).toMatchObject({ rows: 3, symbols: 2, calendar: { start: '2020-01-02', days: 2 } });
    expect(readFileSync(join(dir, 'out', 'instruments', 'mine.txt'), 'utf8')).toBe(
      'XX\t2020-01-02\t2020-01-03\nYY\t2020-01-03\t2020-01-03\n',
    );
  });
});
