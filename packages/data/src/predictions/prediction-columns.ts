import { table as aqTable, type ColumnTable } from 'arquero';
import { DataError } from '../errors.js';

/**
 * Predictions in columnar form, the one shape every rollq package passes them in: `datetime` (the
 * `YYYY-MM-DD` day) and `instrument` per row, then named value columns (usually `score`), one `Float64Array`
 * each with NaN for missing, all of the same length. {@link toPredictionColumns} (stored tables: sorted by
 * `(datetime, instrument)`) and {@link readPredictionColumns} (any table an ensemble gets) read arquero tables
 * into it; {@link fromPredictionColumns} and {@link makePredictionTable} build the table users see.
 *
 * @example
 * ```ts
 * const cols = toPredictionColumns(await store.loadPredictions(id, 'pred'));
 * const scores = cols.values.get('score')!; // Float64Array, row i is (cols.datetime[i], cols.instrument[i])
 * ```
 */
export interface PredictionColumns {
  datetime: string[];
  instrument: string[];
  /** Value columns by name, in table order. */
  values: Map<string, Float64Array>;
}

function invalid(message: string, hint: string, details?: Record<string, unknown>): DataError {
  return new DataError('PREDICTIONS_INVALID', message, { hint, details });
}

/**
 * Reads a stored prediction table (columns `datetime`, `instrument` first, then numeric value columns) into
 * {@link PredictionColumns} sorted by `(datetime, instrument)`, checking it strictly: dates must be ISO strings
 * and values numbers (null → NaN). Throws `PREDICTIONS_INVALID` naming the column and row.
 */
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
  const values = new Map<string, Float64Array>();
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
    values.set(name, out);
  }
  return sortPredictionRows({ datetime, instrument, values });
}

/**
 * Reads any prediction table an ensemble or a signal check is given: `datetime` and `instrument` anywhere
 * among the columns, every other column a value column. Days are normalised (`Date` values, a time part
 * dropped), instruments become strings, and a value that is not a number becomes `Number(value)` (null and
 * undefined: NaN). Rows keep the table's order. `what` names the table in errors (`PREDICTIONS_INVALID`).
 */
export function readPredictionColumns(input: ColumnTable, what: string): PredictionColumns {
  // A filtered or ordered table's raw columns still hold the hidden rows: materialise it first.
  const table = input.isFiltered() || input.isOrdered() ? input.reify() : input;
  const cols = table.columnNames();
  for (const need of ['datetime', 'instrument']) {
    if (!cols.includes(need)) {
      throw invalid(
        `${what} has no "${need}" column (columns: ${cols.join(', ')})`,
        'prediction tables have columns datetime (YYYY-MM-DD), instrument, then values such as score',
      );
    }
  }
  const names = cols.filter((c) => c !== 'datetime' && c !== 'instrument');
  if (names.length === 0) throw invalid(`${what} has no value column next to datetime and instrument`, 'add a score column');
  const n = table.numRows();
  const dtCol = rawColumn(table, 'datetime');
  const instCol = rawColumn(table, 'instrument');
  const datetime = new Array<string>(n);
  const instrument = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const d = dtCol(i);
    datetime[i] =
      typeof d === 'string' ? (d.length > 10 ? d.slice(0, 10) : d) : d instanceof Date ? d.toISOString().slice(0, 10) : String(d);
    const s = instCol(i);
    instrument[i] = typeof s === 'string' ? s : String(s);
  }
  const values = new Map<string, Float64Array>();
  for (const name of names) {
    const raw = table.column(name) as unknown;
    if (raw instanceof Float64Array && raw.length === n) {
      values.set(name, raw.slice());
      continue;
    }
    const get = rawColumn(table, name);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = get(i);
      out[i] = typeof v === 'number' ? v : v === null || v === undefined ? Number.NaN : Number(v);
    }
    values.set(name, out);
  }
  return { datetime, instrument, values };
}

/**
 * Row accessor of a column. Tables built from JS arrays expose the array itself (fast indexing);
 * Arrow-backed ones expose a column object with `at`. `table.array()` would copy through a slow path.
 */
function rawColumn(table: ColumnTable, name: string): (i: number) => unknown {
  const col = table.column(name) as unknown;
  if (Array.isArray(col) || ArrayBuffer.isView(col)) {
    const arr = col as ArrayLike<unknown>;
    return (i) => arr[i];
  }
  const c = col as { at(i: number): unknown };
  return (i) => c.at(i);
}

/** The arquero table of the columns (`datetime`, `instrument`, then value columns; typed arrays are not copied). */
export function fromPredictionColumns(c: PredictionColumns): ColumnTable {
  return aqTable({ datetime: c.datetime, instrument: c.instrument, ...Object.fromEntries(c.values) });
}

/** Builds a prediction table from its columns (arquero takes the typed arrays without copying). */
export function makePredictionTable(datetime: string[], instrument: string[], values: Record<string, Float64Array>): ColumnTable {
  return aqTable({ datetime, instrument, ...values });
}

/** Orders row `i` of `a` against row `j` of `b` by `(datetime, instrument)`. */
export function comparePredictionKeys(a: PredictionColumns, i: number, b: PredictionColumns, j: number): number {
  const d = a.datetime[i]! < b.datetime[j]! ? -1 : a.datetime[i]! > b.datetime[j]! ? 1 : 0;
  if (d !== 0) return d;
  return a.instrument[i]! < b.instrument[j]! ? -1 : a.instrument[i]! > b.instrument[j]! ? 1 : 0;
}

/** The columns with rows ordered by `(datetime, instrument)` (stable; the input itself when already sorted). */
export function sortPredictionRows(c: PredictionColumns): PredictionColumns {
  const n = c.datetime.length;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = comparePredictionKeys(c, i - 1, c, i) <= 0;
  if (sorted) return c;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => comparePredictionKeys(c, a, c, b) || a - b);
  const values = new Map<string, Float64Array>();
  for (const [name, col] of c.values)
    values.set(
      name,
      Float64Array.from(order, (r) => col[r]!),
    );
  return { datetime: order.map((r) => c.datetime[r]!), instrument: order.map((r) => c.instrument[r]!), values };
}
