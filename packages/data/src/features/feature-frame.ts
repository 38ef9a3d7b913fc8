/**
 * Computed features for a set of (datetime, instrument) rows, column-major. Rows are ordered by
 * calendar position, then by instrument (Qlib's `(datetime, instrument)` index order). This is the hand-off
 * between the expression engine (which produces it), processors (which transform it) and datasets
 * (which turn it into model matrices).
 */
export interface FeatureFrame {
  /** Column names in handler order (features first, then labels such as `LABEL0`). */
  readonly columns: string[];
  /** One array per column, each of length `rowDate.length`. NaN marks a missing value. */
  readonly values: Float64Array[];
  /** Calendar position of each row. */
  readonly rowDate: Int32Array;
  /** Index into `instruments` of each row. */
  readonly rowInstrument: Int32Array;
  /** Instrument symbols (upper case) referenced by `rowInstrument`. */
  readonly instruments: string[];
  /** The full calendar the positions refer to (ISO dates). */
  readonly calendar: readonly string[];
}

/** Number of rows in a frame. */
export function frameRows(frame: FeatureFrame): number {
  return frame.rowDate.length;
}
