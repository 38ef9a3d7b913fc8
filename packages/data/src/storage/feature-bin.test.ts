import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeFeatureBin, readFeatureBin } from './feature-bin.js';

const dir = mkdtempSync(join(tmpdir(), 'feature-bin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('readFeatureBin', () => {
  it('reads what encodeFeatureBin wrote, whatever file was read before it', () => {
    const long = write(
      'long.bin',
      encodeFeatureBin(
        0,
        Array.from({ length: 50 }, (_, k) => k + 0.5),
      ),
    );
    const short = write('short.bin', encodeFeatureBin(7, [1.25, Number.NaN, -3]));
    expect(Array.from(readFeatureBin(long, 50).values)).toHaveLength(50);
    const s = readFeatureBin(short, 50);
    expect(s.start).toBe(7);
    expect(Array.from(s.values)).toEqual([1.25, Number.NaN, -3]);
    expect(readFeatureBin(long, 50).values[49]).toBe(49.5);
  });

  it('clips values past the calendar, and checks a longer file by its true size', () => {
    const path = write('longer.bin', encodeFeatureBin(2, [1, 2, 3, 4, 5, 6, 7, 8]));
    expect(Array.from(readFeatureBin(path, 5).values)).toEqual([1, 2, 3]);
    const odd = write('odd-long.bin', new Uint8Array([...encodeFeatureBin(0, [1, 2, 3, 4, 5, 6]), 0, 0]));
    expect(() => readFeatureBin(odd, 2)).toThrow(/not a Qlib feature file \(30 bytes, not a multiple of 4\)/);
  });

  it('rejects a short or odd-sized file and a start outside the calendar, naming the file', () => {
    const odd = write('odd.bin', new Uint8Array([0, 0, 0, 0, 1, 2]));
    expect(() => readFeatureBin(odd, 10)).toThrow(expect.objectContaining({ code: 'FEATURE_FILE_INVALID' }));
    expect(() => readFeatureBin(write('empty.bin', new Uint8Array(0)), 10)).toThrow(/0 bytes/);
    const late = write('late.bin', encodeFeatureBin(12, [1]));
    expect(() => readFeatureBin(late, 10)).toThrow(/late\.bin: start index 12 is not a position in the 10-day calendar/);
  });
});
