import { table as aqTable, type ColumnTable, fromArrow, fromCSV, toArrowIPC, toCSV } from 'arquero';
import { WorkflowError } from '../errors.js';

/** How a prediction table is stored: Arrow IPC (default: exact floats, fast) or CSV (readable anywhere). */
export type PredictionFormat = 'arrow' | 'csv';

/** File extension of each format; `loadPredictions` looks for `<name>.arrow`, then `<name>.csv`. */
export const PREDICTION_EXTENSIONS: Record<PredictionFormat, string> = { arrow: '.arrow', csv: '.csv' };

/**
 * A prediction table in columnar form: keys as strings, every value column a `Float64Array` (NaN for
 * missing), rows sorted by `(datetime, instrument)`.
 */
export interface PredictionColumns {
  datetime: string[];
  instrument: string[];
  values: Map<string, Float64Array>;
}

function invalid(message: string, hint: string, details?: Record<string, unknown>): WorkflowError {
  return new WorkflowError('PREDICTIONS_INVALID', message, { hint, details });
}

/** Reads any arquero table into sorted {@link PredictionColumns}, checking its columns. */
export function toPredictionColumns(t: ColumnTable): PredictionColumns {
  const names = t.columnNames();
  if (names[0] !== 'datetime' || names[1] !== 'instrument' || names.length < 3) {
    throw invalid(
      `prediction table has columns [${names.join(', ')}]`,
      'give columns datetime, instrument, then value columns such as score',
      { columns: names },
    );
  }
  const n = t.numRows();
  const dt = t.array('datetime') as ArrayLike<unknown>;
  const inst = t.array('instrument') as ArrayLike<unknown>;
  const datetime = new Array<string>(n);
  const instrument = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const d = dt[i];
    if (typeof d !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(d)) {
      throw invalid(`row ${i}: datetime ${String(d)} is not an ISO date string`, 'store dates as "YYYY-MM-DD" strings', { row: i });
    }
    datetime[i] = d;
    instrument[i] = String(inst[i]);
  }
  const raw = new Map<string, Float64Array>();
  for (const name of names.slice(2)) {
    const col = t.array(name) as ArrayLike<unknown>;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = col[i];
      if (v === null || v === undefined) out[i] = Number.NaN;
      else if (typeof v === 'number') out[i] = v;
      else
        throw invalid(`column ${name}, row ${i}: ${String(v)} is not a number`, 'value columns must be numeric (NaN or null for missing)', {
          column: name,
          row: i,
        });
    }
    raw.set(name, out);
  }
  return sortRows({ datetime, instrument, values: raw });
}

/** Returns the columns reordered by `(datetime, instrument)` (stable; a no-op copy-free when already sorted). */
function sortRows(c: PredictionColumns): PredictionColumns {
  const n = c.datetime.length;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = compareKey(c, i - 1, c, i) <= 0;
  if (sorted) return c;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => compareKey(c, a, c, b) || a - b);
  return take(c, order);
}

function compareKey(a: PredictionColumns, i: number, b: PredictionColumns, j: number): number {
  const d = a.datetime[i] < b.datetime[j] ? -1 : a.datetime[i] > b.datetime[j] ? 1 : 0;
  if (d !== 0) return d;
  return a.instrument[i] < b.instrument[j] ? -1 : a.instrument[i] > b.instrument[j] ? 1 : 0;
}

function take(c: PredictionColumns, rows: readonly number[]): PredictionColumns {
  const values = new Map<string, Float64Array>();
  for (const [name, col] of c.values)
    values.set(
      name,
      Float64Array.from(rows, (r) => col[r]),
    );
  return { datetime: rows.map((r) => c.datetime[r]), instrument: rows.map((r) => c.instrument[r]), values };
}

/** Builds the arquero table users see (`datetime`, `instrument`, then value columns). */
export function fromPredictionColumns(c: PredictionColumns): ColumnTable {
  return aqTable({ datetime: c.datetime, instrument: c.instrument, ...Object.fromEntries(c.values) });
}

/**
 * Returns `base` plus the rows of `extra` whose `(datetime, instrument)` is not in `base` (first
 * occurrence wins inside `extra`), sorted, and how many were added. Rows of `base` are kept bit for bit.
 * Both inputs are sorted, so this is one merge pass with no key hashing: O(n) string comparisons.
 */
export function appendNewRows(base: PredictionColumns, extra: PredictionColumns): { merged: PredictionColumns; added: number } {
  const bNames = [...base.values.keys()].join(',');
  const eNames = [...extra.values.keys()].join(',');
  if (bNames !== eNames) {
    throw invalid(
      `appended columns [${eNames}] differ from stored columns [${bNames}]`,
      'append a table with the same value columns, in the same order',
      { stored: bNames, appended: eNames },
    );
  }
  const nb = base.datetime.length;
  const ne = extra.datetime.length;
  // order[k] >= 0: output row k is extra row order[k]; otherwise it is base row -order[k] - 1.
  const order = new Int32Array(nb + ne);
  let n = 0;
  let added = 0;
  let i = 0;
  for (let j = 0; j < ne; j++) {
    while (i < nb && compareKey(base, i, extra, j) < 0) order[n++] = -i++ - 1;
    const stored = i < nb && compareKey(base, i, extra, j) === 0;
    const repeat = j > 0 && compareKey(extra, j - 1, extra, j) === 0;
    if (!stored && !repeat) {
      order[n++] = j;
      added++;
    }
  }
  if (added === 0) return { merged: base, added: 0 };
  while (i < nb) order[n++] = -i++ - 1;
  const datetime = new Array<string>(n);
  const instrument = new Array<string>(n);
  for (let k = 0; k < n; k++) {
    const r = order[k];
    datetime[k] = r >= 0 ? extra.datetime[r] : base.datetime[-r - 1];
    instrument[k] = r >= 0 ? extra.instrument[r] : base.instrument[-r - 1];
  }
  const values = new Map<string, Float64Array>();
  for (const [name, b] of base.values) {
    const e = extra.values.get(name)!;
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const r = order[k];
      out[k] = r >= 0 ? e[r] : b[-r - 1];
    }
    values.set(name, out);
  }
  return { merged: { datetime, instrument, values }, added };
}

/** Encodes the columns in `format`. */
export function encodePredictions(c: PredictionColumns, format: PredictionFormat): Uint8Array {
  const t = fromPredictionColumns(c);
  return format === 'arrow' ? toArrowIPC(t) : new TextEncoder().encode(toCSV(t));
}

/** Decodes bytes stored in `format` back to sorted {@link PredictionColumns}. */
export function decodePredictions(bytes: Uint8Array, format: PredictionFormat): PredictionColumns {
  if (format === 'arrow') return toPredictionColumns(fromArrow(bytes));
  const text = new TextDecoder().decode(bytes);
  const header = text.slice(0, text.indexOf('\n') >>> 0).split(',');
  // Keys must stay strings: CSV type inference would turn 2020-01-02 into a Date and 000001 into 1.
  const parse: Record<string, (s: string) => unknown> = { datetime: String, instrument: String };
  for (const name of header.slice(2)) parse[name.trim()] = (s: string) => (s === '' ? Number.NaN : Number(s));
  return toPredictionColumns(fromCSV(text, { parse }));
}

/**
 * Qlib's `_replace_range` (PredUpdater): every row of `base` whose datetime lies in `[min, max]` of
 * `extra`'s dates is dropped (all instruments, even those `extra` lacks), then `extra` is merged in
 * (later row wins on a repeated key). Rows outside that range are kept bit for bit. Returns the
 * merged columns and how many base rows were dropped.
 */
export function replaceDateRange(base: PredictionColumns, extra: PredictionColumns): { merged: PredictionColumns; replaced: number } {
  const bNames = [...base.values.keys()].join(',');
  const eNames = [...extra.values.keys()].join(',');
  if (bNames !== eNames) {
    throw invalid(
      `replacing columns [${eNames}] differ from stored columns [${bNames}]`,
      'give a table with the same value columns, in the same order',
      { stored: bNames, given: eNames },
    );
  }
  if (extra.datetime.length === 0) return { merged: base, replaced: 0 };
  // both are sorted by datetime, so the range is [first, last] of extra and the kept base rows are a prefix + suffix
  const lo = extra.datetime[0]!;
  const hi = extra.datetime[extra.datetime.length - 1]!;
  const nb = base.datetime.length;
  let a = 0;
  while (a < nb && base.datetime[a]! < lo) a++;
  let b = a;
  while (b < nb && base.datetime[b]! <= hi) b++;
  // keep the last occurrence of a repeated key inside extra (pandas `duplicated(keep="last")`)
  const keep: number[] = [];
  for (let j = 0; j < extra.datetime.length; j++) {
    const next = j + 1 < extra.datetime.length && compareKey(extra, j, extra, j + 1) === 0;
    if (!next) keep.push(j);
  }
  const n = a + keep.length + (nb - b);
  const datetime = [...base.datetime.slice(0, a), ...keep.map((j) => extra.datetime[j]!), ...base.datetime.slice(b)];
  const instrument = [...base.instrument.slice(0, a), ...keep.map((j) => extra.instrument[j]!), ...base.instrument.slice(b)];
  const values = new Map<string, Float64Array>();
  for (const [name, col] of base.values) {
    const e = extra.values.get(name)!;
    const out = new Float64Array(n);
    out.set(col.subarray(0, a), 0);
    for (let k = 0; k < keep.length; k++) out[a + k] = e[keep[k]!]!;
    out.set(col.subarray(b), a + keep.length);
    values.set(name, out);
  }
  return { merged: { datetime, instrument, values }, replaced: b - a };
}
