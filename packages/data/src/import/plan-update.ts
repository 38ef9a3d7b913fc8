import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../errors.js';
import { type InstrumentSpans, parseInstrumentFile } from '../storage/instrument-file.js';
import { readCalendarFile } from '../storage/qlib-provider.js';
import { folderToSymbol, symbolToFolder } from '../storage/symbol-folder.js';
import type { Panel } from './panel-builder.js';
import { type FeatureWrite, positions, reindexRows, type WritePlan } from './write-plan.js';

/**
 * Qlib's `dump_update` against the existing directory `target`, validated completely before anything is
 * written:
 * - new calendar = old calendar + the input's dates after its last day;
 * - a symbol already in all.txt gets only its rows after its old end date, appended to each field file;
 * - a new symbol is written in full against the new calendar;
 * - history is never rewritten; all.txt (and `market`) end dates move forward.
 *
 * Deliberate fix of a Qlib bug (Qlib issues #535 / #810): Qlib's `dump_update` appends the new rows back to
 * back, inserting no NaN for a new trading day without a row, so a stock without a row on some new day (or
 * suspended between its old end and the old calendar end) ends up shifted against the calendar. Here every appended value lands at its own calendar position and
 * the gaps, counted from the file's real end, are padded with NaN, as `FileFeatureStorage.write` does.
 */
export function planUpdate(target: string, panel: Panel, market?: string): WritePlan {
  const oldCalendar = readCalendarFile(join(target, 'calendars', 'day.txt')).dates;
  const oldLast = oldCalendar[oldCalendar.length - 1]!;
  const oldPos = positions(oldCalendar);
  const allSpans = readSpans(target, 'all');
  const folders = featureFolders(target);
  checkFields(target, folders, panel);

  // 1. which rows each symbol contributes, and the new days
  const used = new Map<string, number>(); // symbol -> index of its first new row
  const newDays = new Set<string>();
  for (const [symbol, rows] of panel.symbols) {
    const oldEnd = lastEnd(allSpans.get(symbol));
    let from = 0;
    if (oldEnd !== undefined) while (from < rows.dates.length && rows.dates[from]! <= oldEnd) from++;
    if (from === rows.dates.length) continue; // nothing newer than what is stored
    for (let r = from; r < rows.dates.length; r++) {
      const d = rows.dates[r]!;
      if (d > oldLast) newDays.add(d);
      else if (!oldPos.has(d)) {
        throw new DataError(
          'CSV_INVALID',
          `${rows.file}:${rows.lines[r]}: ${symbol} ${d} is not a day of the existing calendar, which ends ${oldLast}`,
          {
            hint: 'an update can only add days after the last stored day; re-import everything with --mode all to change the calendar',
            details: { file: rows.file, line: rows.lines[r], symbol, date: d },
          },
        );
      }
    }
    used.set(symbol, from);
  }
  const calendar = newDays.size ? oldCalendar.concat([...newDays].sort()) : oldCalendar;
  const pos = newDays.size ? positions(calendar) : oldPos;

  // 2. feature writes
  const features: FeatureWrite[] = [];
  const nf = panel.fields.length;
  for (const symbol of [...used.keys()].sort()) {
    const rows = panel.symbols.get(symbol)!;
    const from = used.get(symbol)!;
    const folder = folders.get(symbol.toLowerCase());
    const firstPos = pos.get(rows.dates[from]!)!;
    // fields of one symbol usually share one start; reindex once per distinct start
    const byStart = new Map<number, Float32Array[]>();
    const series = (start: number) => {
      let s = byStart.get(start);
      if (!s) byStart.set(start, (s = reindexRows(rows, from, nf, pos, start)));
      return s;
    };
    panel.fields.forEach((field, f) => {
      const rel = `features/${folder ?? symbolToFolder(symbol)}/${field}.day.bin`;
      const existing = folder !== undefined && allSpans.has(symbol) ? storedRange(join(target, rel)) : null;
      if (!existing) {
        features.push({ path: rel, symbol, kind: 'create', start: firstPos, values: series(firstPos)[f]! });
        return;
      }
      if (firstPos <= existing.end) {
        throw new DataError(
          'IMPORT_FAILED',
          `${join(target, rel)} already holds ${calendar[firstPos]} although all.txt ends ${symbol} on ${lastEnd(allSpans.get(symbol))}`,
          {
            hint: 'the data directory is inconsistent; re-import it with --mode all',
            details: { file: join(target, rel), symbol },
          },
        );
      }
      // start right after the file's real last value: days between it and the first new row become NaN
      features.push({ path: rel, symbol, kind: 'append', start: existing.end + 1, values: series(existing.end + 1)[f]! });
    });
  }

  // 3. instrument files
  const instruments = new Map<string, InstrumentSpans>([['all', extendSpans(allSpans, panel, used)]]);
  if (market && market.toLowerCase() !== 'all') {
    instruments.set(market.toLowerCase(), extendSpans(readSpans(target, market), panel, used));
  }
  return { calendar: newDays.size ? calendar : null, features, instruments };
}

/** Copies `spans` with each updated symbol's last span extended to its new last date (or a new span added). */
function extendSpans(spans: InstrumentSpans, panel: Panel, used: Map<string, number>): InstrumentSpans {
  const out: InstrumentSpans = new Map([...spans].map(([s, list]) => [s, list.map((x) => ({ ...x }))]));
  for (const [symbol, from] of used) {
    const rows = panel.symbols.get(symbol)!;
    const last = rows.dates[rows.dates.length - 1]!;
    const list = out.get(symbol);
    if (!list || list.length === 0) {
      out.set(symbol, [{ start: rows.dates[from]!, end: last }]);
      continue;
    }
    const latest = list.reduce((a, b) => (b.end > a.end ? b : a));
    if (last > latest.end) latest.end = last;
  }
  return out;
}

function lastEnd(list: { end: string }[] | undefined): string | undefined {
  if (!list || list.length === 0) return undefined;
  return list.reduce((m, s) => (s.end > m ? s.end : m), list[0]!.end);
}

function readSpans(target: string, market: string): InstrumentSpans {
  const path = join(target, 'instruments', `${market.toLowerCase()}.txt`);
  return existsSync(path) ? parseInstrumentFile(readFileSync(path, 'utf8'), path) : new Map();
}

/** lower-case symbol → folder name on disk (folders may be upper case, as in the CN data set). */
function featureFolders(target: string): Map<string, string> {
  const dir = join(target, 'features');
  const out = new Map<string, string>();
  if (existsSync(dir)) for (const name of readdirSync(dir)) out.set(folderToSymbol(name), name);
  return out;
}

/** An update must store fields the directory already has, or old symbols would lack the new field's history. */
function checkFields(target: string, folders: Map<string, string>, panel: Panel): void {
  const stored = new Set<string>();
  for (const folder of folders.values()) {
    for (const f of readdirSync(join(target, 'features', folder))) if (f.endsWith('.day.bin')) stored.add(f.slice(0, -8).toLowerCase());
  }
  if (stored.size === 0) return;
  const extra = panel.fields.filter((f) => !stored.has(f));
  if (extra.length) {
    throw new DataError(
      'CSV_INVALID',
      `update would add field(s) ${extra.join(', ')} that ${target} does not store (it has ${[...stored].sort().join(', ')})`,
      {
        hint: 'choose the stored fields with --fields, or re-import everything with --mode all to add a field',
        details: { fields: extra },
      },
    );
  }
}

/** Calendar range held by an existing feature file (from its header and size), or null when it is absent. */
function storedRange(path: string): { start: number; end: number } | null {
  if (!existsSync(path)) return null;
  const size = statSync(path).size;
  const header = Buffer.alloc(4);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  const start = header.readFloatLE(0);
  if (size < 4 || size % 4 !== 0 || !Number.isInteger(start) || start < 0) {
    throw new DataError('FEATURE_FILE_INVALID', `${path} is not a Qlib feature file`, {
      hint: 're-import the data with --mode all',
      details: { file: path },
    });
  }
  return { start, end: start + size / 4 - 2 };
}
