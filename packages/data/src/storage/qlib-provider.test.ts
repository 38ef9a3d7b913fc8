import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cnQlibDir } from '@rollq/tools';
import { describe, expect, it } from 'vitest';
import { encodeFeatureBin } from './feature-bin.js';
import { QlibProvider } from './qlib-provider.js';

function tinyProvider(): string {
  const root = mkdtempSync(join(tmpdir(), 'rollq-prov-'));
  mkdirSync(join(root, 'calendars'), { recursive: true });
  mkdirSync(join(root, 'instruments'));
  mkdirSync(join(root, 'features', 'sh600000'), { recursive: true });
  mkdirSync(join(root, 'features', 'SZ000001'), { recursive: true });
  writeFileSync(join(root, 'calendars', 'day.txt'), '2020-01-02\n2020-01-03\n2020-01-06\n2020-01-07\n2020-01-08\n\n');
  writeFileSync(join(root, 'instruments', 'all.txt'), 'SH600000\t2020-01-03\t2020-01-08\nSZ000001\t2020-01-02\t2020-01-08\n');
  writeFileSync(
    join(root, 'instruments', 'csi300.txt'),
    'SH600000\t2020-01-01\t2020-01-03\nSH600000\t2020-01-07\t2020-01-31\nSZ000001\t2019-01-01\t2019-12-31\n',
  );
  writeFileSync(join(root, 'features', 'sh600000', 'close.day.bin'), encodeFeatureBin(1, [10.1, NaN, 10.3, 10.4]));
  writeFileSync(join(root, 'features', 'SZ000001', 'close.day.bin'), encodeFeatureBin(0, [1, 2, 3, 4, 5]));
  return root;
}

describe('QlibProvider on a hand-made directory', () => {
  const p = QlibProvider.open(tinyProvider());

  it('finds a field that one symbol lacks in the others, and reports a truncated file rather than a missing one', () => {
    const root = tinyProvider();
    writeFileSync(join(root, 'features', 'SZ000001', 'volume.day.bin'), encodeFeatureBin(0, [7, 8]));
    const q = QlibProvider.open(root);
    expect(q.loadField('SH600000', 'volume')).toBeNull(); // opened straight away: no such file
    expect(Array.from(q.loadField('SZ000001', 'volume')!.values)).toEqual([7, 8]); // looked for first, then read
    writeFileSync(join(root, 'features', 'sh600000', 'open.day.bin'), new Uint8Array(6));
    expect(() => q.loadField('SH600000', 'open')).toThrow(expect.objectContaining({ code: 'FEATURE_FILE_INVALID' }));
  });

  it('reads the calendar, skipping empty lines', () => {
    expect(p.calendar.dates).toEqual(['2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07', '2020-01-08']);
  });

  it('reads .bin files with their start index, float32 precision, any folder case', () => {
    const s = p.loadField('SH600000', '$close')!;
    expect(s.start).toBe(1);
    expect(s.values[0]).toBeCloseTo(10.100000381, 8);
    expect(Number.isNaN(s.values[1])).toBe(true);
    expect(p.loadField('sz000001', 'CLOSE')!.values.length).toBe(5);
    expect(p.loadField('SH600000', 'open')).toBeNull();
    expect(Array.from(p.loadAligned('SH600000', 'close')).map((v) => (Number.isNaN(v) ? null : Math.round(v * 10) / 10))).toEqual([
      null,
      10.1,
      null,
      10.3,
      10.4,
    ]);
  });

  it('filters markets by membership spans on each day', () => {
    const all = p.listInstruments('csi300');
    expect([...all.keys()]).toEqual(['SH600000']); // SZ000001's span is before the calendar
    expect(all.get('SH600000')).toEqual([
      [0, 1],
      [3, 4],
    ]);
    expect(p.listInstruments('csi300', 2, 2).size).toBe(0);
    expect([...p.listInstruments('sh600000,SZ000001', 1, 3).entries()]).toEqual([
      ['SH600000', [[1, 3]]],
      ['SZ000001', [[1, 3]]],
    ]);
  });

  it('names the market files on an unknown market', () => {
    expect(() => p.listInstruments('csi500')).toThrow(/market "csi500" has no instruments file/);
  });

  it('explains how to fix a missing provider directory', () => {
    expect(() => QlibProvider.open('/nonexistent/qlib')).toThrow(/not a Qlib data directory/);
  });
});

const cn = cnQlibDir();
describe.skipIf(!cn.dir)(`QlibProvider on the CN CSI300 Qlib data ${cn.reason ?? ''}`, () => {
  it('reads upper-case symbol folders and known Moutai prices', () => {
    const p = QlibProvider.open(cn.dir!);
    expect(p.calendar.length).toBe(3966);
    expect(p.calendar.first).toBe('2010-01-04');
    expect(p.fields()).toEqual(['change', 'close', 'factor', 'high', 'low', 'open', 'volume']);
    const close = p.loadAligned('sh600519', 'close');
    expect(close[0]).toBeCloseTo(693.69, 1);
    const members = p.listInstruments('csi300', ...p.calendar.locate('2026-05-08', '2026-05-08'));
    expect(members.size).toBe(300);
  });
});
