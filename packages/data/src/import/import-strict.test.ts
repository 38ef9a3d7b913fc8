import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../errors.js';
import { QlibProvider } from '../storage/qlib-provider.js';
import { importCsv } from './import-csv.js';

/** Imports `text` as in.csv and returns the error; asserts nothing at all was written. */
async function failure(text: string, extra: Record<string, unknown> = {}): Promise<DataError> {
  const dir = mkdtempSync(join(tmpdir(), 'rollq-imp-strict-'));
  writeFileSync(join(dir, 'in.csv'), text);
  const err = await importCsv({ csv: join(dir, 'in.csv'), out: join(dir, 'out'), ...extra }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataError);
  expect(readdirSync(dir)).toEqual(['in.csv']);
  return err as DataError;
}

/** `date,close,change,symbol` with the given `change` cell (a field with no sign rule). */
const withChange = (cell: string) => `date,close,change,symbol\n2020-01-02,1,0,AAA\n2020-01-03,1,${cell},AAA\n`;

describe('CSV numbers are decimal and finite', () => {
  it.each(['0x1F', '0X1f', '0b101', '0B1', '0o17'])('%s (hex / binary / octal) is not a decimal number', async (cell) => {
    const e = await failure(withChange(cell));
    expect(e.code).toBe('CSV_INVALID');
    expect(e.message).toMatch(new RegExp(`in\\.csv:3: column "change" \\(column 3\\) value "${cell}" is not a decimal number$`));
    expect(e.hint).toMatch(/decimal .*no hex, binary, octal or Infinity/);
    expect(e.details).toMatchObject({ line: 3, column: 3, value: cell });
  });

  it.each(['Infinity', '-Infinity', '+Infinity'])('%s is not a finite number', async (cell) => {
    expect((await failure(withChange(cell))).message).toMatch(new RegExp(`in\\.csv:3: .*value "\\${cell}" is not a finite number`));
  });

  it('inf and other words are not numbers (as before)', async () => {
    expect((await failure(withChange('inf'))).message).toMatch(/value "inf" is not a number/);
    expect((await failure(withChange('1_000'))).message).toMatch(/value "1_000" is not a number/);
  });

  it.each(['1e400', '-1e400', '3.5e38'])('%s overflows the float32 store', async (cell) => {
    expect((await failure(withChange(cell))).message).toMatch(/value ".*" is out of range \(beyond ±3\.4e38/);
  });

  it('accepts signed decimals, fractions, exponents, surrounding blanks and the missing markers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollq-imp-strict-'));
    const cells = ['1', '-0.5', '+2', '.5', '5.', '1e3', '1E-3', ' 7 ', '00012', '3.4e38', '', 'NaN', 'NA', 'null', '0', '-0'];
    const days = cells.map((_, i) => `2020-01-${String(i + 1).padStart(2, '0')}`);
    writeFileSync(join(dir, 'in.csv'), `date,close,change,symbol\n${cells.map((c, i) => `${days[i]},1,${c},AAA`).join('\n')}\n`);
    await importCsv({ csv: join(dir, 'in.csv'), out: join(dir, 'out') });
    const got = Array.from(QlibProvider.open(join(dir, 'out')).loadField('AAA', 'change')!.values);
    expect(got).toEqual([1, -0.5, 2, 0.5, 5, 1000, Math.fround(0.001), 7, 12, Math.fround(3.4e38), NaN, NaN, NaN, NaN, 0, -0]);
  });
});

describe('CSV values that cannot be negative', () => {
  it.each([
    ['volume', 'negative volume -3'],
    ['amount', 'negative amount -3'],
    ['adj_close', 'negative price -3'],
    ['vwap', 'negative price -3'],
  ])('a negative %s is rejected', async (field, words) => {
    const e = await failure(`date,close,${field},symbol\n2020-01-02,1,-3,AAA\n`);
    expect(e.message).toMatch(new RegExp(`in\\.csv:2: column "${field}" \\(column 3\\) has a ${words}$`));
    expect(e.hint).toMatch(/volume \/ amount must be >= 0/);
  });
});

describe('required columns', () => {
  it('a CSV without close fails naming the column and the columns it has', async () => {
    const e = await failure('date,open,high,low,volume,symbol\n2020-01-02,1,1,1,1,AAA\n');
    expect(e.code).toBe('CSV_INVALID');
    expect(e.message).toMatch(/in\.csv:1: required column "close" missing; the columns are: date, open, high, low, volume, symbol/);
    expect(e.hint).toMatch(/rollq needs "close"/);
    expect(e.details).toMatchObject({ missing: ['close'] });
  });

  it('--fields that leave close out fail too, saying to add it', async () => {
    const e = await failure('date,open,close,symbol\n2020-01-02,1,1,AAA\n', { fields: ['open'] });
    expect(e.message).toMatch(/required column "close" not among --fields/);
    expect(e.hint).toMatch(/add close to --fields/);
  });

  it('an update without close fails before touching the folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollq-imp-strict-'));
    writeFileSync(join(dir, 'a.csv'), 'date,close,volume,symbol\n2020-01-02,1,1,AAA\n');
    writeFileSync(join(dir, 'b.csv'), 'date,volume,symbol\n2020-01-03,1,AAA\n');
    await importCsv({ csv: join(dir, 'a.csv'), out: join(dir, 'out') });
    await expect(importCsv({ csv: join(dir, 'b.csv'), out: join(dir, 'out'), mode: 'update' })).rejects.toThrow(
      /b\.csv:1: required column "close"/,
    );
    expect(QlibProvider.open(join(dir, 'out')).calendar.length).toBe(1);
  });
});

describe('dates', () => {
  it('an impossible day in a row (2016-02-30) is rejected with file and line, never rolled over', async () => {
    const e = await failure('date,close,symbol\n2016-02-29,1,AAA\n2016-02-30,1,AAA\n');
    expect(e.message).toMatch(/in\.csv:3: column "date" value "2016-02-30" is not a valid date/);
    expect((await failure('date,close,symbol\n2015-02-29,1,AAA\n')).message).toMatch(/"2015-02-29" is not a valid date/);
  });

  it('--start / --end 2016-02-30 are CONFIG_INVALID', async () => {
    for (const key of ['start', 'end']) {
      const e = await importCsv({ csv: 'x.csv', out: 'never', [key]: '2016-02-30' }).catch((x: unknown) => x);
      expect(e).toMatchObject({ code: 'CONFIG_INVALID', exitCode: 2 });
      expect((e as DataError).message).toMatch(new RegExp(`import option ${key}: .*2016-02-30`));
    }
    expect(existsSync('never')).toBe(false);
  });
});
