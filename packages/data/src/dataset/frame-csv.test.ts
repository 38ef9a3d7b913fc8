import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFrameCsv } from './frame-csv.js';
import { frameFromRows } from './frame-from-rows.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('writeFrameCsv', () => {
  it('writes datetime, instrument, then columns; NaN as empty; no temp file left', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollq-csv-'));
    dirs.push(dir);
    const frame = frameFromRows({
      calendar: ['2020-01-02', '2020-01-03'],
      rows: [
        ['2020-01-03', 'b'],
        ['2020-01-02', 'A'],
      ],
      columns: { KMID: [0.25, NaN], LABEL0: [-0.1, 1e-7] },
    });
    const calls: number[] = [];
    const out = join(dir, 'sub', 'f.csv');
    expect(writeFrameCsv(frame, out, { onProgress: (d) => calls.push(d) })).toEqual({ rows: 2, columns: 2 });
    expect(readFileSync(out, 'utf8')).toBe('datetime,instrument,KMID,LABEL0\n2020-01-02,A,,1e-7\n2020-01-03,B,0.25,-0.1\n');
    expect(calls).toEqual([2]);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['f.csv']);
  });
});
