import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { shippedDataDir } from '@rollq/tools';
import { describe, expect, it } from 'vitest';
import { QlibProvider } from '../storage/qlib-provider.js';
import { importCsv } from './import-csv.js';

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'rollq-imp-upd-'));
}

/** Every file under `root` (relative path → bytes). */
function snapshot(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(root, p), readFileSync(p));
    }
  };
  walk(root);
  return out;
}

function write(dir: string, name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

const PART1 = [
  'date,close,volume,symbol',
  '2020-01-02,1,10,AAA',
  '2020-01-03,2,20,AAA',
  '2020-01-06,3,30,AAA',
  '2020-01-02,11,1,BBB',
  '2020-01-03,12,1,BBB',
  '2020-01-06,13,1,BBB',
  '2020-01-07,14,1,BBB',
  '2020-01-08,15,1,BBB',
].join('\n');
// AAA stopped trading on 01-06 and comes back on 01-10; BBB runs on; CCC is new
const PART2 = [
  'date,close,volume,symbol',
  '2020-01-10,5,50,AAA',
  '2020-01-09,16,1,BBB',
  '2020-01-10,17,1,BBB',
  '2020-01-10,100,7,CCC',
].join('\n');

describe('importCsv mode update (dump_update)', () => {
  it('pads a suspended stock with NaN up to its new row (the fix of Qlib misalignment) and equals a full import', async () => {
    const dir = scratch();
    const out = join(dir, 'upd');
    await importCsv({ csv: write(dir, 'p1.csv', PART1), out, market: 'mkt' });
    const r = await importCsv({ csv: write(dir, 'p2.csv', PART2), out, mode: 'update', market: 'mkt' });
    expect(r).toMatchObject({ mode: 'update', newDays: 2, symbols: 3, instruments: 3, calendar: { end: '2020-01-10', days: 7 } });

    const p = QlibProvider.open(out);
    const aaa = p.loadField('AAA', 'close')!;
    expect(aaa.start).toBe(0);
    // Qlib would append 5 right after 3 and so put it on 01-07; here it lands on 01-10
    expect(Array.from(aaa.values)).toEqual([1, 2, 3, NaN, NaN, NaN, 5]);
    expect(Array.from(p.loadField('CCC', 'volume')!.values)).toEqual([7]);
    expect(p.loadField('CCC', 'volume')!.start).toBe(6);
    expect(readFileSync(join(out, 'instruments', 'all.txt'), 'utf8')).toBe(
      'AAA\t2020-01-02\t2020-01-10\nBBB\t2020-01-02\t2020-01-10\nCCC\t2020-01-10\t2020-01-10\n',
    );
    expect(readFileSync(join(out, 'instruments', 'mkt.txt'), 'utf8')).toBe(readFileSync(join(out, 'instruments', 'all.txt'), 'utf8'));

    const full = join(dir, 'full');
    await importCsv({ csv: write(dir, 'all.csv', `${PART1}\n${PART2.split('\n').slice(1).join('\n')}`), out: full, market: 'mkt' });
    expect(snapshot(out)).toEqual(snapshot(full));
  });

  it('never rewrites history: re-sent old rows are ignored', async () => {
    const dir = scratch();
    const out = join(dir, 'upd');
    await importCsv({ csv: write(dir, 'p1.csv', PART1), out });
    const before = snapshot(out);
    const resent = ['date,close,volume,symbol', '2020-01-03,99,99,AAA', '2020-01-06,99,99,AAA', '2020-01-10,5,50,AAA'].join('\n');
    await importCsv({ csv: write(dir, 'p3.csv', resent), out, mode: 'update' });
    const after = snapshot(out);
    for (const [path, bytes] of before) {
      if (!path.startsWith('features/')) continue;
      expect(after.get(path)!.subarray(0, bytes.length).equals(bytes), path).toBe(true);
    }
    expect(Array.from(QlibProvider.open(out).loadField('AAA', 'close')!.values)).toEqual([1, 2, 3, NaN, NaN, 5]);
  });

  it('rejects a row on a day inside the old calendar that the calendar lacks', async () => {
    const dir = scratch();
    const out = join(dir, 'upd');
    await importCsv({ csv: write(dir, 'p1.csv', PART1), out });
    const bad = ['date,close,volume,symbol', '2020-01-04,1,1,DDD'].join('\n');
    await expect(importCsv({ csv: write(dir, 'bad.csv', bad), out, mode: 'update' })).rejects.toThrow(
      /bad\.csv:2: DDD 2020-01-04 is not a day of the existing calendar, which ends 2020-01-08/,
    );
  });

  it('leaves every byte of the target identical when the update fails, and no temp dir behind', async () => {
    const dir = scratch();
    const out = join(dir, 'upd');
    await importCsv({ csv: write(dir, 'p1.csv', PART1), out });
    const before = snapshot(out);
    const bad = `${PART2}\n2020-01-13,-4,1,BBB`;
    await expect(importCsv({ csv: write(dir, 'bad.csv', bad), out, mode: 'update' })).rejects.toThrow(/bad\.csv:6: .*negative price/);
    await expect(
      importCsv({ csv: write(dir, 'extra.csv', 'date,close,vwap,symbol\n2020-01-13,1,1,BBB'), out, mode: 'update' }),
    ).rejects.toThrow(/would add field\(s\) vwap/);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(['bad.csv', 'extra.csv', 'p1.csv', 'upd']);
  });
});

describe('update on the real US data', () => {
  it('importing up to 2017-06-30 then updating equals one full import, old bytes untouched', async () => {
    const text = gunzipSync(readFileSync(join(shippedDataDir(), 'all_stocks_5yr.csv.gz'))).toString('utf8');
    // quirky symbols: missing days (DHR, O, ES), empty opens (BHF, UA), late starters (APTV, BHF after the cut)
    const keep = new Set(['AAPL', 'DHR', 'O', 'ES', 'ICE', 'BHF', 'UA', 'APTV', 'DXC', 'GOOG', 'ZTS']);
    const lines = text.trim().split('\n');
    const rows = lines.slice(1).filter((l) => keep.has(l.slice(l.lastIndexOf(',') + 1)));
    const cut = '2017-06-30';
    const dir = scratch();
    const early = write(dir, 'early.csv', [lines[0], ...rows.filter((l) => l.slice(0, 10) <= cut)].join('\n'));
    const late = write(dir, 'late.csv', [lines[0], ...rows.filter((l) => l.slice(0, 10) > cut)].join('\n'));
    const whole = write(dir, 'whole.csv', [lines[0], ...rows].join('\n'));

    const out = join(dir, 'upd');
    await importCsv({ csv: early, out, market: 'us' });
    const before = snapshot(out);
    const r = await importCsv({ csv: late, out, mode: 'update', market: 'us' });
    expect(r.symbols).toBe(11);
    expect(r.calendar.end).toBe('2018-02-07');
    await importCsv({ csv: whole, out: join(dir, 'full'), market: 'us' });
    const after = snapshot(out);
    expect(after).toEqual(snapshot(join(dir, 'full')));
    for (const [path, bytes] of before) {
      if (path.startsWith('instruments/')) continue; // end dates move forward by design
      // calendar and feature files only grow: their old bytes are a prefix of the new ones
      expect(after.get(path)!.subarray(0, bytes.length).equals(bytes), path).toBe(true);
    }
  });
});
