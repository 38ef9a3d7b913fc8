import { DataError } from '../errors.js';
import type { InstrumentSpans } from '../storage/instrument-file.js';
import { symbolToFolder } from '../storage/symbol-folder.js';
import type { Panel } from './panel-builder.js';
import { type FeatureWrite, positions, reindexRows, type WritePlan } from './write-plan.js';

/**
 * Qlib's `dump_all`: calendar = sorted union of all dates; each symbol's fields reindexed onto the
 * calendar between its first and last date (gap days NaN); all.txt (and `market`, if given) list every
 * symbol with its first and last date.
 */
export function planFullImport(panel: Panel, market?: string): WritePlan {
  const days = new Set<string>();
  for (const s of panel.symbols.values()) for (const d of s.dates) days.add(d);
  const calendar = [...days].sort();
  const pos = positions(calendar);
  const features: FeatureWrite[] = [];
  const spans: InstrumentSpans = new Map();
  const nf = panel.fields.length;
  const folders = new Map<string, string>(); // folder -> symbol: two symbols must never share one
  for (const symbol of [...panel.symbols.keys()].sort()) {
    const rows = panel.symbols.get(symbol)!;
    const folder = symbolToFolder(symbol);
    const other = folders.get(folder);
    if (other !== undefined) {
      throw new DataError(
        'CSV_INVALID',
        `${rows.file}:${rows.lines[0]}: symbols ${JSON.stringify(other)} and ${JSON.stringify(symbol)} would share the folder features/${folder}`,
        {
          hint: 'symbols are compared case-insensitively; rename one of them',
          details: { file: rows.file, line: rows.lines[0], symbol, other },
        },
      );
    }
    folders.set(folder, symbol);
    const start = pos.get(rows.dates[0]!)!;
    const series = reindexRows(rows, 0, nf, pos, start);
    panel.fields.forEach((field, f) => {
      features.push({ path: `features/${folder}/${field}.day.bin`, symbol, kind: 'create', start, values: series[f]! });
    });
    spans.set(symbol, [{ start: rows.dates[0]!, end: rows.dates[rows.dates.length - 1]! }]);
  }
  const instruments = new Map([['all', spans]]);
  if (market && market.toLowerCase() !== 'all') instruments.set(market.toLowerCase(), spans);
  return { calendar, features, instruments };
}
