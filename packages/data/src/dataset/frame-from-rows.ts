import { DataError } from '../errors.js';
import type { FeatureFrame } from '../features/feature-frame.js';

/** Input of {@link frameFromRows}: rows as `(date, instrument)` pairs plus one value array per column. */
export interface FrameRowsInput {
  /** Trading calendar (sorted ISO dates) the row dates refer to. */
  calendar: readonly string[];
  /** `[isoDate, instrument]` per row, in any order. */
  rows: ReadonlyArray<readonly [string, string]>;
  /** Column name → one value per row (same order as `rows`); `null` or NaN means missing. */
  columns: Record<string, ReadonlyArray<number | null>>;
}

/**
 * Builds a {@link FeatureFrame} from plain rows, sorted into `(datetime, instrument)` order. For user data
 * that did not come from the expression engine, and for tests.
 */
export function frameFromRows(input: FrameRowsInput): FeatureFrame {
  const datePos = new Map(input.calendar.map((d, i) => [d, i]));
  const names = Object.keys(input.columns);
  const instruments = [...new Set(input.rows.map(([, s]) => s.toUpperCase()))].sort();
  const instPos = new Map(instruments.map((s, i) => [s, i]));
  const keyed = input.rows.map(([d, s], i) => {
    const p = datePos.get(d);
    if (p === undefined) {
      throw new DataError('DATASET_INVALID', `row ${i}: date ${d} is not in the calendar`, {
        hint: 'use trading dates from the provider calendar',
      });
    }
    return { p, inst: instPos.get(s.toUpperCase())!, i };
  });
  for (const name of names) {
    if (input.columns[name]!.length !== input.rows.length) {
      throw new DataError('DATASET_INVALID', `column ${name} has ${input.columns[name]!.length} values for ${input.rows.length} rows`, {
        hint: 'give every column one value per row',
      });
    }
  }
  keyed.sort((a, b) => a.p - b.p || a.inst - b.inst);
  return {
    columns: names,
    values: names.map((n) => Float64Array.from(keyed, (k) => input.columns[n]![k.i] ?? NaN)),
    rowDate: Int32Array.from(keyed, (k) => k.p),
    rowInstrument: Int32Array.from(keyed, (k) => k.inst),
    instruments,
    calendar: input.calendar,
  };
}
