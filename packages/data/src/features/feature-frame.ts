/**
 * Computed features for a set of (datetime, instrument) rows, column-major. Rows are ordered by
 * calendar position, then by instrument (Qlib's `(datetime, instrument)` index order). This is the hand-off
 * between the expression engine (which produces it), processors (which transform it) and datasets
 * (which turn it into model matrices).
 */
export interface FeatureFrame {
  /** Column names in handler order (features first, then labels such as `LABEL0`). */
  readonly columns: string[];
  /**
   * One array per column, each of length `rowDate.length`. NaN marks a missing value. Computed features are
   * `Float32Array` (Qlib casts every expression result to float32, so nothing is lost and the frame takes
   * half the memory); a processor's output keeps its input's type (see {@link newColumnLike}).
   */
  readonly values: FrameColumn[];
  /** Calendar position of each row. */
  readonly rowDate: Int32Array;
  /** Index into `instruments` of each row. */
  readonly rowInstrument: Int32Array;
  /** Instrument symbols (upper case) referenced by `rowInstrument`. */
  readonly instruments: string[];
  /** The full calendar the positions refer to (ISO dates). */
  readonly calendar: readonly string[];
}

/** One column of a {@link FeatureFrame}. */
export type FrameColumn = Float32Array | Float64Array;

/**
 * A new zero-filled column of `length` values of the same type as `like`: a processor's output is stored as
 * its input is (float32 frames stay float32, as Qlib's float32 DataFrame does after every processor), while
 * the arithmetic itself runs in float64.
 */
export function newColumnLike(like: FrameColumn, length: number = like.length): FrameColumn {
  return like instanceof Float32Array ? new Float32Array(length) : new Float64Array(length);
}

/** Number of rows in a frame. */
export function frameRows(frame: FeatureFrame): number {
  return frame.rowDate.length;
}
