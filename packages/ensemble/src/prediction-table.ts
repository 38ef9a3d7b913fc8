import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { EnsembleError } from './errors.js';

/** A prediction table: `datetime` (ISO day), `instrument`, then numeric value columns (usually `score`). */
export type PredictionTable = ColumnTable;

/** A prediction table pulled apart into plain arrays for the typed-array kernels. */
export interface PredictionColumns {
  readonly datetime: string[];
  readonly instrument: string[];
  /** Value column names in table order. */
  readonly names: string[];
  /** One Float64Array per value column; null / undefined / non-numbers become NaN. */
  readonly values: Float64Array[];
}

/** Reads a prediction table's columns; `what` names it in errors. */
export function readPredictionColumns(table: PredictionTable, what: string): PredictionColumns {
  const cols = table.columnNames();
  for (const need of ['datetime', 'instrument']) {
    if (!cols.includes(need)) {
      throw new EnsembleError('TABLE_INVALID', `${what} has no "${need}" column (columns: ${cols.join(', ')})`, {
        hint: 'prediction tables have columns datetime (YYYY-MM-DD), instrument, then values such as score',
      });
    }
  }
  const names = cols.filter((c) => c !== 'datetime' && c !== 'instrument');
  if (names.length === 0) {
    throw new EnsembleError('TABLE_INVALID', `${what} has no value column next to datetime and instrument`, { hint: 'add a score column' });
  }
  const n = table.numRows();
  const datetime = (table.array('datetime') as ArrayLike<unknown>) ;
  const instrument = table.array('instrument') as ArrayLike<unknown>;
  const dt = new Array<string>(n);
  const inst = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const d = datetime[i];
    dt[i] = d instanceof Date ? d.toISOString().slice(0, 10) : String(d);
    inst[i] = String(instrument[i]);
  }
  const values = names.map((name) => {
    const src = table.array(name) as ArrayLike<unknown>;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = src[i];
      out[i] = typeof v === 'number' ? v : v === null || v === undefined ? NaN : Number(v);
    }
    return out;
  });
  return { datetime: dt, instrument: inst, names, values };
}

/** Builds a prediction table (arquero takes the typed arrays without copying). */
export function makePredictionTable(datetime: string[], instrument: string[], values: Record<string, Float64Array>): PredictionTable {
  return aq.table({ datetime, instrument, ...values });
}

/** `(datetime, instrument)` as one string key; the separator cannot occur in either part. */
export function rowKey(datetime: string, instrument: string): string {
  return `${datetime}\u0000${instrument}`;
}

/**
 * The union of rows of several tables, sorted by datetime then instrument (pandas' `sort_index`),
 * with a map from row key to output position.
 */
export function unionIndex(parts: readonly PredictionColumns[]): { datetime: string[]; instrument: string[]; pos: Map<string, number> } {
  const seen = new Map<string, [string, string]>();
  for (const p of parts) {
    for (let i = 0; i < p.datetime.length; i++) {
      const k = rowKey(p.datetime[i]!, p.instrument[i]!);
      if (!seen.has(k)) seen.set(k, [p.datetime[i]!, p.instrument[i]!]);
    }
  }
  const rows = [...seen.values()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const pos = new Map<string, number>();
  rows.forEach((r, i) => pos.set(rowKey(r[0], r[1]), i));
  return { datetime: rows.map((r) => r[0]), instrument: rows.map((r) => r[1]), pos };
}
