import { parseIsoDate } from '../calendar/iso-day.js';
import { DataError } from '../errors.js';

/** One membership period of a symbol in a market, closed on both ends. */
export interface InstrumentSpan {
  start: string;
  end: string;
}

/** Symbol (upper case) → its membership spans, in file order. */
export type InstrumentSpans = Map<string, InstrumentSpan[]>;

/**
 * Parses an instruments file: `SYMBOL<TAB>start<TAB>end` per line (extra columns ignored, as Qlib's
 * `usecols=[0,1,2]`). A symbol may appear on several lines, giving it several spans.
 */
export function parseInstrumentFile(text: string, path = '<instruments>'): InstrumentSpans {
  const spans: InstrumentSpans = new Map();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const cols = line.split(/\t|\s+/);
    if (cols.length < 3) {
      throw new DataError('INSTRUMENTS_INVALID', `${path}:${i + 1}: expected "SYMBOL<TAB>start<TAB>end", got "${line}"`, {
        hint: 'each line of an instruments file needs a symbol, a start date and an end date separated by tabs',
        details: { path, line: i + 1 },
      });
    }
    const symbol = cols[0]!.toUpperCase();
    const start = parseIsoDate(cols[1], `${path}:${i + 1} start`);
    const end = parseIsoDate(cols[2], `${path}:${i + 1} end`);
    const list = spans.get(symbol) ?? [];
    list.push({ start, end });
    spans.set(symbol, list);
  }
  return spans;
}

/** Formats spans back into the instruments file layout (sorted by symbol, then start). */
export function formatInstrumentFile(spans: InstrumentSpans): string {
  const rows: string[] = [];
  for (const symbol of [...spans.keys()].sort()) {
    for (const s of [...spans.get(symbol)!].sort((a, b) => a.start.localeCompare(b.start))) {
      rows.push(`${symbol}\t${s.start}\t${s.end}`);
    }
  }
  return rows.length ? `${rows.join('\n')}\n` : '';
}
