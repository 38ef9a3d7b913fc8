import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fromPredictionColumns, type PredictionColumns, toPredictionColumns } from '@rollq/data';
import { writeFileAtomic } from '@rollq/data/node-fs';
import { decodePredictions, encodePredictions } from '@rollq/workflow';
import { table as aqTable, type ColumnTable } from 'arquero';

/** Folder of the signal files inside the state folder. */
export const SIGNALS_DIR = 'signals';

/**
 * Qlib's `prepare_signals(over_write=False)` merge: the old signals before their last date are kept, the new
 * signals from that date on (inclusive) are added. Difference from Qlib: the old rows of that last date are
 * replaced instead of appearing twice (Qlib's concat duplicates them).
 */
export function mergeSignals(old: PredictionColumns | null, fresh: PredictionColumns): PredictionColumns {
  if (old === null || old.datetime.length === 0) return fresh;
  const oldMax = old.datetime[old.datetime.length - 1]!;
  let a = 0;
  while (a < old.datetime.length && old.datetime[a]! < oldMax) a++;
  let b = 0;
  while (b < fresh.datetime.length && fresh.datetime[b]! < oldMax) b++;
  const values = new Map<string, Float64Array>();
  for (const [name, col] of old.values) {
    const f = fresh.values.get(name) ?? new Float64Array(fresh.datetime.length).fill(Number.NaN);
    const out = new Float64Array(a + fresh.datetime.length - b);
    out.set(col.subarray(0, a), 0);
    out.set(f.subarray(b), a);
    values.set(name, out);
  }
  return {
    datetime: [...old.datetime.slice(0, a), ...fresh.datetime.slice(b)],
    instrument: [...old.instrument.slice(0, a), ...fresh.instrument.slice(b)],
    values,
  };
}

/**
 * The rows of a prediction table dated on or after `since` (every row when `since` is null). Before the
 * blend, the per-strategy predictions are cut to the days {@link mergeSignals} will take from it: the blends
 * (per-date z-scores, then means) treat each date on its own, so the kept days come out the same, and a
 * routine no longer re-blends the whole history of signals it then throws away.
 */
export function rowsSince(table: ColumnTable, since: string | null): ColumnTable {
  if (since === null) return table;
  const dt = table.array('datetime') as ArrayLike<string>;
  const keep: number[] = [];
  for (let i = 0; i < dt.length; i++) if (dt[i]! >= since) keep.push(i);
  if (keep.length === dt.length) return table;
  // value columns stay numeric arrays (float64 holds any stored float exactly); strings stay strings
  const pick = (col: ArrayLike<unknown>) =>
    ArrayBuffer.isView(col) ? Float64Array.from(keep, (i) => col[i] as number) : keep.map((i) => col[i]);
  return aqTable(Object.fromEntries(table.columnNames().map((c) => [c, pick(table.array(c) as ArrayLike<unknown>)])));
}

/** Writes signals under a new file name (atomically); the state document then points at it. */
export async function writeSignalFile(dir: string, commit: number, cols: PredictionColumns): Promise<string> {
  const file = `${SIGNALS_DIR}/signals-${String(commit).padStart(6, '0')}.arrow`;
  await mkdir(join(dir, SIGNALS_DIR), { recursive: true });
  await writeFileAtomic(join(dir, file), encodePredictions(cols, 'arrow'));
  return file;
}

/** Reads a signal file written by {@link writeSignalFile}. */
export async function readSignalFile(dir: string, file: string): Promise<PredictionColumns> {
  return decodePredictions(new Uint8Array(await readFile(join(dir, file))), 'arrow');
}

/** Removes a signal file no committed state points at any more (missing is fine). */
export async function removeSignalFile(dir: string, file: string): Promise<void> {
  await rm(join(dir, file), { force: true });
}

/** Sorted prediction columns of a signal table. */
export function signalColumns(table: ColumnTable): PredictionColumns {
  return toPredictionColumns(table);
}

/** The table users see. */
export function signalTable(cols: PredictionColumns): ColumnTable {
  return fromPredictionColumns(cols);
}
