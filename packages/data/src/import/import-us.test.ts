import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { shippedDataDir, usQlibDir } from '@rollq/tools';
import { beforeAll, describe, expect, it } from 'vitest';
import { QlibProvider } from '../storage/qlib-provider.js';

/** The US CSV parsed independently of the importer (plain split), grouped by symbol. */
function csvBySymbol(): Map<string, string[][]> {
  const text = gunzipSync(readFileSync(join(shippedDataDir(), 'all_stocks_5yr.csv.gz'))).toString('utf8');
  const out = new Map<string, string[][]>();
  for (const line of text.trim().split('\n').slice(1)) {
    const cells = line.split(',');
    const list = out.get(cells[6]!) ?? [];
    list.push(cells);
    out.set(cells[6]!, list);
  }
  return out;
}

const FIELDS = ['open', 'high', 'low', 'close', 'volume'];

describe('CSV import round trip on the US S&P 500 data', () => {
  let p: QlibProvider;
  let csv: Map<string, string[][]>;
  beforeAll(async () => {
    p = QlibProvider.open(await usQlibDir());
    csv = csvBySymbol();
  });

  it('builds the calendar as the union of dates, and all.txt with first/last dates', () => {
    const dates = new Set([...csv.values()].flatMap((rows) => rows.map((r) => r[0]!)));
    expect(p.calendar.dates).toEqual([...dates].sort());
    const all = p.market('all');
    expect(all.get('APTV')).toEqual([{ start: '2017-12-05', end: '2018-02-07' }]);
    expect(all.get('BRK.B')).toEqual([{ start: '2013-02-08', end: '2018-02-07' }]);
    expect(p.fields()).toEqual(['close', 'high', 'low', 'open', 'volume']);
  });

  for (const symbol of ['AAPL', 'DHR', 'BHF', 'APTV', 'O', 'UA', 'BRK.B']) {
    it(`${symbol}: every stored value equals the CSV value as float32, on its own calendar day`, () => {
      const rows = csv.get(symbol)!;
      const first = p.calendar.indexOf(rows[0]![0]!);
      const last = p.calendar.indexOf(rows[rows.length - 1]![0]!);
      const mismatches: string[] = [];
      for (const [f, field] of FIELDS.entries()) {
        const s = p.loadField(symbol, field)!;
        expect(s.start).toBe(first);
        expect(s.values.length).toBe(last - first + 1);
        const aligned = p.loadAligned(symbol, field);
        const byDay = new Map(rows.map((r) => [r[0]!, r[f + 1]!]));
        for (let i = 0; i < p.calendar.length; i++) {
          const cell = byDay.get(p.calendar.dates[i]!);
          const want = cell === undefined || cell === '' ? NaN : Math.fround(Number(cell));
          if (!Object.is(aligned[i], want)) mismatches.push(`${field} ${p.calendar.dates[i]}: ${aligned[i]} != ${want}`);
        }
      }
      expect(mismatches).toEqual([]);
    });
  }

  it('keeps AAPL continuous across its 7:1 split (2014-06-09)', () => {
    const close = p.loadAligned('AAPL', 'close');
    const i = p.calendar.indexOf('2014-06-09');
    expect(close[i - 1]).toBeCloseTo(92.2242, 3);
    expect(close[i]).toBeCloseTo(93.7, 3);
  });

  it('stores DHR missing days as NaN rows inside its range (16 of them)', () => {
    const close = p.loadField('DHR', 'close')!;
    expect(close.start).toBe(0);
    expect(close.values.length).toBe(1259);
    expect(Array.from(close.values).filter(Number.isNaN).length).toBe(16);
  });

  it('reads BHF 2017-07-26 empty open/high/low as NaN, close and volume kept', () => {
    const i = p.calendar.indexOf('2017-07-26');
    expect(p.loadAligned('BHF', 'open')[i]).toBeNaN();
    expect(p.loadAligned('BHF', 'low')[i]).toBeNaN();
    expect(p.loadAligned('BHF', 'close')[i]).toBe(Math.fround(69.0842));
    expect(p.loadAligned('BHF', 'volume')[i]).toBe(3);
  });

  it('keeps zero volume as 0 (UA 2016-04-07), not NaN', () => {
    expect(p.loadAligned('UA', 'volume')[p.calendar.indexOf('2016-04-07')]).toBe(0);
  });

  it('starts late listers at their first day: APTV at 2017-12-05, 44 values', () => {
    const s = p.loadField('APTV', 'close')!;
    expect(p.calendar.dates[s.start]).toBe('2017-12-05');
    expect(s.values.length).toBe(44);
    expect(s.values[0]).toBe(Math.fround(88.77));
  });

  it('writes lower-case symbol folders and the ^GSPC benchmark limited to the stock calendar', () => {
    const gspc = p.loadField('^GSPC', 'close')!;
    expect([gspc.start, gspc.values.length]).toEqual([0, 1259]);
    expect(Array.from(gspc.values).some(Number.isNaN)).toBe(false);
    expect(readFileSync(join(p.root, 'instruments', 'sp500.txt'), 'utf8')).not.toContain('^GSPC');
    expect(readFileSync(join(p.root, 'features', 'aapl', 'close.day.bin')).byteLength).toBe(4 * 1260);
  });
});
