import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeFeatureBin } from '../../storage/feature-bin.js';
import { QlibProvider } from '../../storage/qlib-provider.js';

/** One instrument of a synthetic data set: `start` is its first calendar position, fields hold values from there. */
export interface SyntheticInstrument {
  start?: number;
  fields: Record<string, ArrayLike<number>>;
}

/**
 * Writes a real Qlib data directory (calendar, instruments/all.txt, `.bin` features) into a fresh temp
 * folder and opens it: tests exercise the same storage path as production data. Test helper, not public API.
 */
export function writeSyntheticProvider(dates: string[], instruments: Record<string, SyntheticInstrument>): QlibProvider {
  const root = mkdtempSync(join(tmpdir(), 'rollq-expr-'));
  mkdirSync(join(root, 'calendars'));
  mkdirSync(join(root, 'instruments'));
  writeFileSync(join(root, 'calendars', 'day.txt'), `${dates.join('\n')}\n`);
  const lines: string[] = [];
  for (const [symbol, inst] of Object.entries(instruments)) {
    const start = inst.start ?? 0;
    const dir = join(root, 'features', symbol.toLowerCase());
    mkdirSync(dir, { recursive: true });
    let len = 0;
    for (const [field, values] of Object.entries(inst.fields)) {
      writeFileSync(join(dir, `${field}.day.bin`), encodeFeatureBin(start, values));
      len = Math.max(len, values.length);
    }
    lines.push(`${symbol.toUpperCase()}\t${dates[start]}\t${dates[start + len - 1]}`);
  }
  writeFileSync(join(root, 'instruments', 'all.txt'), `${lines.join('\n')}\n`);
  return QlibProvider.open(root);
}

/** `count` business days (Mon–Fri) from `first` (ISO), as the golden fixtures use. */
export function businessDays(first: string, count: number): string[] {
  const out: string[] = [];
  const d = new Date(`${first}T00:00:00Z`);
  while (out.length < count) {
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}
