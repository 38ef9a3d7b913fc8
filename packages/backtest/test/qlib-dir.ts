import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeFeatureBin, formatInstrumentFile, QlibProvider } from '@rollq/data';

/** Field name → one value per calendar day (NaN = no row that day). */
export type SymbolFields = Record<string, ArrayLike<number>>;

/**
 * Writes a real Qlib data directory in a temp folder (calendar, `all.txt`, float32 `.bin` files) and opens
 * it. Each symbol's files start at its first day with a close and end at its last, as dump_bin does.
 */
export function writeQlibDir(
  dates: string[],
  symbols: Record<string, SymbolFields>,
  extraMarkets: Record<string, string[]> = {},
): QlibProvider {
  const root = mkdtempSync(join(tmpdir(), 'rollq-bt-'));
  mkdirSync(join(root, 'calendars'), { recursive: true });
  mkdirSync(join(root, 'instruments'), { recursive: true });
  writeFileSync(join(root, 'calendars', 'day.txt'), `${dates.join('\n')}\n`);
  const spans = new Map<string, Array<{ start: string; end: string }>>();
  for (const [symbol, fields] of Object.entries(symbols)) {
    const close = fields.close!;
    let first = -1;
    let last = -1;
    for (let t = 0; t < close.length; t++) {
      if (!Number.isNaN(close[t]!)) {
        if (first < 0) first = t;
        last = t;
      }
    }
    if (first < 0) continue;
    const dir = join(root, 'features', symbol.toLowerCase());
    mkdirSync(dir, { recursive: true });
    for (const [field, values] of Object.entries(fields)) {
      writeFileSync(join(dir, `${field}.day.bin`), encodeFeatureBin(first, Array.from(values).slice(first, last + 1)));
    }
    spans.set(symbol, [{ start: dates[first]!, end: dates[last]! }]);
  }
  writeFileSync(join(root, 'instruments', 'all.txt'), formatInstrumentFile(spans));
  for (const [name, list] of Object.entries(extraMarkets)) {
    writeFileSync(join(root, 'instruments', `${name}.txt`), formatInstrumentFile(new Map(list.map((s) => [s, spans.get(s)!]))));
  }
  return QlibProvider.open(root);
}

/** The first `n` weekdays from `start` (ISO), a holiday-free calendar. */
export function weekdays(start: string, n: number): string[] {
  const out: string[] = [];
  const d = new Date(`${start}T00:00:00Z`);
  while (out.length < n) {
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}
