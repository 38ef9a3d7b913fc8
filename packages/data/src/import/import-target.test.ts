import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataError } from '../errors.js';
import { importCsv } from './import-csv.js';

const GOOD = 'date,close,symbol\n2020-01-02,1,AAA\n';

/** Every file under `dir` with its bytes, to compare a folder before and after. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p, `${rel}${e.name}/`);
      else out[rel + e.name] = readFileSync(p).toString('base64');
    }
  };
  walk(dir, '');
  return out;
}

async function rejection(p: Promise<unknown>): Promise<DataError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(DataError);
  return e as DataError;
}

describe('a broken .csv.gz is CSV_INVALID naming the file, and the target stays as it was', () => {
  const big = gzipSync(`date,close,symbol\n${Array.from({ length: 5000 }, (_, i) => `2020-01-02,${i},S${i}`).join('\n')}\n`);
  const cases: Array<[string, Buffer | string, RegExp, RegExp]> = [
    ['truncated', big.subarray(0, big.length >> 1), /bad\.csv\.gz is truncated: its gzip stream ends early, after line \d+$/, /cut off/],
    ['not gzip', GOOD, /bad\.csv\.gz is not a valid gzip file \(incorrect header check\)$/, /compress it with gzip, or drop the \.gz/],
    ['empty', '', /bad\.csv\.gz is empty or truncated/, /cut off/],
  ];
  it.each(cases)('%s', async (_, bytes, message, hint) => {
    const dir = mkdtempSync(join(tmpdir(), 'rollq-imp-target-'));
    writeFileSync(join(dir, 'good.csv'), GOOD);
    writeFileSync(join(dir, 'bad.csv.gz'), bytes);
    const out = join(dir, 'qlib');
    await importCsv({ csv: join(dir, 'good.csv'), out });
    const before = snapshot(dir);
    for (const mode of ['all', 'update'] as const) {
      const e = await rejection(importCsv({ csv: join(dir, 'bad.csv.gz'), out, mode }));
      expect(e.code).toBe('CSV_INVALID');
      expect(e.exitCode).toBe(2);
      expect(e.message).toMatch(message);
      expect(e.hint).toMatch(hint);
      expect(snapshot(dir)).toEqual(before);
    }
  });
});

describe('--out is checked before any work', () => {
  it('an existing file, in either mode, and a path under a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollq-imp-target-'));
    writeFileSync(join(dir, 'in.csv'), GOOD);
    for (const mode of ['all', 'update'] as const) {
      const e = await rejection(importCsv({ csv: join(dir, 'in.csv'), out: join(dir, 'in.csv'), mode }));
      expect(e).toMatchObject({ code: 'IMPORT_TARGET_INVALID', exitCode: 2, hint: 'choose a directory path for --out' });
      expect(e.message).toMatch(/--out .*in\.csv is a file, not a directory/);
    }
    const under = await rejection(importCsv({ csv: join(dir, 'in.csv'), out: join(dir, 'in.csv', 'a', 'qlib') }));
    expect(under.message).toMatch(/--out .*in\.csv\/a\/qlib lies under .*in\.csv, which is a file/);
    expect(readdirSync(dir)).toEqual(['in.csv']);
    expect(readFileSync(join(dir, 'in.csv'), 'utf8')).toBe(GOOD);
  });

  it('creates missing parent folders, and removes them again when the import fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollq-imp-target-'));
    writeFileSync(join(dir, 'in.csv'), GOOD);
    writeFileSync(join(dir, 'bad.csv'), 'date,close,symbol\n2020-01-02,0x1F,AAA\n');
    await rejection(importCsv({ csv: join(dir, 'bad.csv'), out: join(dir, 'a', 'b', 'qlib') }));
    expect(readdirSync(dir).sort()).toEqual(['bad.csv', 'in.csv']);
    await importCsv({ csv: join(dir, 'in.csv'), out: join(dir, 'a', 'b', 'qlib') });
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['qlib']);
  });

  it.runIf(existsSync('/proc/self'))('a place nobody can write to (/proc) fails at once instead of hanging', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollq-imp-target-'));
    writeFileSync(join(dir, 'in.csv'), GOOD);
    const t0 = Date.now();
    const direct = await rejection(importCsv({ csv: join(dir, 'in.csv'), out: '/proc/rollq-x' }));
    expect(direct).toMatchObject({ code: 'IMPORT_TARGET_INVALID', exitCode: 2, hint: 'choose a --out in a folder you can write to' });
    expect(direct.message).toMatch(/^--out \/proc\/rollq-x: cannot write in \/proc \(ENOENT: no such file or directory\)$/);
    const deeper = await rejection(importCsv({ csv: join(dir, 'in.csv'), out: '/proc/rollq-x/qlib' }));
    expect(deeper.message).toMatch(/cannot create the folder \/proc\/rollq-x \(ENOENT/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
