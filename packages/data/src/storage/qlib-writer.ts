import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeFeatureBin } from './feature-bin.js';
import { formatInstrumentFile, type InstrumentSpans } from './instrument-file.js';
import { symbolToFolder } from './symbol-folder.js';

/**
 * Writers for the three parts of a Qlib data directory. They write plain files and are meant for a
 * directory that is still being built (a temp dir that is renamed into place afterwards), which is
 * what makes the whole import atomic; use `writeFileAtomic` for a single in-place update.
 */

/** `calendars/<freq>.txt` body: one `YYYY-MM-DD` per line, as Qlib's `np.savetxt(fmt="%s")`. */
export function formatCalendarFile(dates: readonly string[]): string {
  return dates.length ? `${dates.join('\n')}\n` : '';
}

/** Writes `calendars/<freq>.txt` under `root`. */
export function writeCalendar(root: string, dates: readonly string[], freq = 'day'): void {
  mkdirSync(join(root, 'calendars'), { recursive: true });
  writeFileSync(join(root, 'calendars', `${freq}.txt`), formatCalendarFile(dates));
}

/** Writes `instruments/<market>.txt` under `root` (market name lower-cased, as Qlib looks it up). */
export function writeInstruments(root: string, market: string, spans: InstrumentSpans): void {
  mkdirSync(join(root, 'instruments'), { recursive: true });
  writeFileSync(join(root, 'instruments', `${market.toLowerCase()}.txt`), formatInstrumentFile(spans));
}

/** Path of a feature file: `features/<symbol lower>/<field lower>.<freq>.bin`, Qlib's dump_bin naming. */
export function featurePath(root: string, symbol: string, field: string, freq = 'day'): string {
  return join(root, 'features', symbolToFolder(symbol), `${field.toLowerCase()}.${freq}.bin`);
}

/** Writes one feature series (`values[k]` at calendar position `start + k`) in Qlib's `.bin` layout. */
export function writeFeature(root: string, symbol: string, field: string, start: number, values: ArrayLike<number>, freq = 'day'): void {
  const path = featurePath(root, symbol, field, freq);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, encodeFeatureBin(start, values));
}
