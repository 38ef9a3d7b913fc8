import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { DataError } from '../errors.js';
import { encodeFeatureBin } from '../storage/feature-bin.js';
import type { InstrumentSpans } from '../storage/instrument-file.js';
import { writeCalendar, writeInstruments } from '../storage/qlib-writer.js';
import type { ImportProgress } from './options.js';
import type { SymbolRows } from './panel-builder.js';

/** One feature file to write: a new file starting at calendar position `start`, or values appended to an existing one. */
export interface FeatureWrite {
  /** Path relative to the data directory, e.g. `features/aapl/close.day.bin`. */
  path: string;
  symbol: string;
  kind: 'create' | 'append';
  /** Calendar position of `values[0]` (also the header of a created file). */
  start: number;
  values: Float32Array;
}

/**
 * Everything an import will write, computed (and validated) in memory before the first byte goes to
 * disk. `calendar` is null when it does not change; `instruments` maps a market name to its full new file.
 */
export interface WritePlan {
  calendar: readonly string[] | null;
  features: FeatureWrite[];
  instruments: Map<string, InstrumentSpans>;
}

/** Calendar position of every date. */
export function positions(calendar: readonly string[]): Map<string, number> {
  const pos = new Map<string, number>();
  for (const [i, d] of calendar.entries()) pos.set(d, i);
  return pos;
}

/**
 * Reindexes rows `from..` of one symbol onto the calendar between `startPos` and the position of its last
 * row, one Float32Array per field: calendar days without a row are NaN (Qlib's `data_merge_calendar`).
 */
export function reindexRows(rows: SymbolRows, from: number, nFields: number, pos: Map<string, number>, startPos: number): Float32Array[] {
  const lastPos = pos.get(rows.dates[rows.dates.length - 1]!)!;
  const length = lastPos - startPos + 1;
  const out: Float32Array[] = [];
  for (let f = 0; f < nFields; f++) out.push(new Float32Array(length).fill(NaN));
  for (let r = from; r < rows.dates.length; r++) {
    const k = pos.get(rows.dates[r]!)! - startPos;
    const base = r * nFields;
    for (let f = 0; f < nFields; f++) out[f]![k] = rows.values[base + f]!;
  }
  return out;
}

/**
 * Writes a plan into `root` (a directory being built, never the live target). Every path is checked to stay
 * inside `root` before anything is written (symbol folders are safe by construction; this is the backstop).
 */
export function applyPlan(root: string, plan: WritePlan, onProgress?: (p: ImportProgress) => void): void {
  const base = resolve(root) + sep;
  for (const w of plan.features) {
    if (!resolve(base, w.path).startsWith(base) || w.path.split(/[/\\]/).some((part) => part === '..' || part === '.' || part === '')) {
      throw new DataError(
        'IMPORT_FAILED',
        `refusing to write ${w.path} for ${JSON.stringify(w.symbol)}: the path leaves the data directory`,
        {
          hint: 'this is a bug in the symbol folder mapping; please report it with the symbol',
          details: { path: w.path, symbol: w.symbol },
        },
      );
    }
  }
  if (plan.calendar) writeCalendar(root, plan.calendar);
  const symbols = [...new Set(plan.features.map((w) => w.symbol))];
  let done = 0;
  let current = '';
  const report = Math.max(1, Math.floor(symbols.length / 50));
  const made = new Set<string>(); // one mkdir per symbol folder, not one per field file
  for (const w of plan.features) {
    if (w.symbol !== current) {
      if (current && ++done % report === 0) onProgress?.({ phase: 'write', symbols: done, totalSymbols: symbols.length });
      current = w.symbol;
    }
    const path = join(root, w.path);
    if (w.kind === 'create') {
      const folder = dirname(path);
      if (!made.has(folder)) {
        mkdirSync(folder, { recursive: true });
        made.add(folder);
      }
      writeFileSync(path, encodeFeatureBin(w.start, w.values));
    } else {
      // an append carries no header: the bytes after the existing values are the new days
      appendFileSync(path, encodeFeatureBin(0, w.values).subarray(4));
    }
  }
  for (const [market, spans] of plan.instruments) writeInstruments(root, market, spans);
  onProgress?.({ phase: 'write', symbols: symbols.length, totalSymbols: symbols.length });
}
