import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../errors.js';
import { QlibProvider } from '../storage/qlib-provider.js';
import { importCsv } from './import-csv.js';

/** Every path under `dir`, relative, sorted (folders end in `/`). */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      out.push(relative(dir, p) + (e.isDirectory() ? '/' : ''));
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

const HOSTILE = ['../../../../elsewhere/PWNED', 'BRK/B', '..', '.', '.HIDDEN', 'A\\B', 'C:D', 'X%2FY', 'CON', 'NUL.B', '_QLIB_CON'];

describe('importCsv maps every symbol to a safe folder under features/', () => {
  it('imports hostile symbols, writes nothing outside --out, and reads every one back as written', async () => {
    // deep enough that ../../../../ from features/ would land inside the scratch folder, where we can see it
    const scratch = mkdtempSync(join(tmpdir(), 'rollq-imp-sym-'));
    const out = join(scratch, 'a', 'b', 'qlib');
    mkdirSync(join(scratch, 'a', 'b'), { recursive: true });
    writeFileSync(join(scratch, 'in.csv'), `date,close,symbol\n${HOSTILE.map((s, i) => `2020-01-02,${i + 1},"${s}"`).join('\n')}\n`);
    const before = tree(scratch);

    const r = await importCsv({ csv: join(scratch, 'in.csv'), out, market: 'odd' });
    expect(r.symbols).toBe(HOSTILE.length);

    // nothing new outside the target: the only new entries are under a/b/qlib/
    const added = tree(scratch).filter((p) => !before.includes(p));
    expect(added.filter((p) => !p.startsWith('a/b/qlib/'))).toEqual([]);
    // each symbol is exactly one folder directly under features/, holding its field file
    const folders = readdirSync(join(out, 'features')).sort();
    expect(folders).toHaveLength(HOSTILE.length);
    for (const f of folders) expect(readdirSync(join(out, 'features', f))).toEqual(['close.day.bin']);
    expect(folders).toContain('brk%2fb');
    expect(folders).toContain('%2e.%2f..%2f..%2f..%2felsewhere%2fpwned');

    const p = QlibProvider.open(out);
    const upper = HOSTILE.map((s) => s.toUpperCase()).sort();
    expect(p.symbols()).toEqual(upper);
    expect([...p.market('all').keys()].sort()).toEqual(upper);
    expect([...p.listInstruments('odd').keys()].sort()).toEqual(upper);
    HOSTILE.forEach((s, i) => {
      expect(p.hasSymbol(s)).toBe(true);
      expect(Array.from(p.loadField(s, 'close')!.values)).toEqual([i + 1]);
    });
    expect(readFileSync(join(out, 'instruments', 'all.txt'), 'utf8')).toContain('BRK/B\t2020-01-02\t2020-01-02\n');
  });

  it('update extends an escaped symbol in its folder (BRK/B stays one instrument)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollq-imp-sym-'));
    const out = join(dir, 'qlib');
    writeFileSync(join(dir, 'a.csv'), 'date,close,symbol\n2020-01-02,1,BRK/B\n');
    writeFileSync(join(dir, 'b.csv'), 'date,close,symbol\n2020-01-03,2,BRK/B\n2020-01-03,3,../x\n');
    await importCsv({ csv: join(dir, 'a.csv'), out });
    await importCsv({ csv: join(dir, 'b.csv'), out, mode: 'update' });
    expect(readdirSync(join(out, 'features')).sort()).toEqual(['%2e.%2fx', 'brk%2fb']);
    const p = QlibProvider.open(out);
    expect(Array.from(p.loadAligned('BRK/B', 'close'))).toEqual([1, 2]);
    expect(Array.from(p.loadAligned('../X', 'close'))).toEqual([NaN, 3]);
    expect(readdirSync(dir).sort()).toEqual(['a.csv', 'b.csv', 'qlib']);
  });

  it('a symbol that cannot be made safe is CSV_INVALID naming the file, line and symbol; nothing is written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollq-imp-sym-'));
    const cases: Array<[string, RegExp]> = [
      ['"BRK B"', /in\.csv:3: symbol "BRK B" cannot be stored: it contains whitespace/],
      ['"A\u0001B"', /in\.csv:3: symbol "A\\u0001B" cannot be stored: .*control character/],
      ['/'.repeat(90), /in\.csv:3: symbol "\/{90}" cannot be stored: its folder name would be 270 bytes long/],
    ];
    for (const [cell, message] of cases) {
      writeFileSync(join(dir, 'in.csv'), `date,close,symbol\n2020-01-02,1,AAA\n2020-01-02,1,${cell}\n`);
      const e = await importCsv({ csv: join(dir, 'in.csv'), out: join(dir, 'out') }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(DataError);
      expect((e as DataError).code).toBe('CSV_INVALID');
      expect((e as DataError).message).toMatch(message);
      expect((e as DataError).hint).toMatch(/fix or remove/);
      expect(readdirSync(dir)).toEqual(['in.csv']);
    }
  });

  it('two symbols that would share a folder are an error naming both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollq-imp-sym-'));
    // U+212A KELVIN SIGN lower-cases to an ASCII k, so both would be features/k
    writeFileSync(join(dir, 'in.csv'), 'date,close,symbol\n2020-01-02,1,K\n2020-01-02,1,\u212a\n');
    await expect(importCsv({ csv: join(dir, 'in.csv'), out: join(dir, 'out') })).rejects.toThrow(
      /symbols "K" and "\u212a" would share the folder features\/k/,
    );
    expect(readdirSync(dir)).toEqual(['in.csv']);
  });
});
