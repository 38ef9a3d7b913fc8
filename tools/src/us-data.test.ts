import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QlibProvider } from '@rollq/data';
import { describe, expect, it } from 'vitest';
import { usQlibDir } from './us-data.js';

describe('usQlibDir', () => {
  it('imports the shipped US demo once: 505 stocks in sp500, ^GSPC only in all', async () => {
    const [a, b] = await Promise.all([usQlibDir(), usQlibDir()]); // concurrent callers share one build
    expect(a).toBe(b);
    const p = QlibProvider.open(a);
    expect([p.calendar.first, p.calendar.last, p.calendar.length]).toEqual(['2013-02-08', '2018-02-07', 1259]);
    expect(p.listInstruments('sp500').size).toBe(505);
    expect(p.listInstruments('sp500').has('^GSPC')).toBe(false);
    expect(p.listInstruments('all').size).toBe(506);
    expect(readFileSync(join(a, 'instruments', 'all.txt'), 'utf8')).toContain('^GSPC\t2013-02-08\t2018-02-07\n');
    // ^GSPC close on the first day of the panel, as float32 (CSV: 1517.9300537109375)
    expect(p.loadAligned('^GSPC', 'close')[0]).toBe(Math.fround(1517.9300537109375));
  });
});
