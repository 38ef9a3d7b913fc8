import { DataError } from '../errors.js';
import { type FeatureFrame, type FrameColumn, newColumnLike } from '../features/feature-frame.js';
import type { FieldsGroup, ProcessContext } from './types.js';

/** Indices of the columns of `group` (all columns for `null`), in frame order. */
export function groupColumnIndices(frame: FeatureFrame, group: FieldsGroup, ctx: ProcessContext): number[] {
  const out: number[] = [];
  frame.columns.forEach((name, i) => {
    const isLabel = ctx.labelColumns.has(name);
    if (group === null || (group === 'label') === isLabel) out.push(i);
  });
  return out;
}

/** A frame with some columns replaced (by index); untouched columns are shared, not copied. */
export function withColumns(frame: FeatureFrame, replaced: Map<number, FrameColumn>): FeatureFrame {
  if (replaced.size === 0) return frame;
  return { ...frame, values: frame.values.map((v, i) => replaced.get(i) ?? v) };
}

/** A frame keeping only the columns at `keep` (frame order preserved by the caller). */
export function selectColumns(frame: FeatureFrame, keep: number[]): FeatureFrame {
  return { ...frame, columns: keep.map((i) => frame.columns[i]!), values: keep.map((i) => frame.values[i]!) };
}

/** A frame keeping the rows whose `keep` flag is 1 (copies every column once). */
export function filterRows(frame: FeatureFrame, keep: Uint8Array): FeatureFrame {
  let n = 0;
  for (let r = 0; r < keep.length; r++) n += keep[r]!;
  if (n === keep.length) return frame;
  const rowDate = new Int32Array(n);
  const rowInstrument = new Int32Array(n);
  const kept = new Int32Array(n);
  for (let r = 0, k = 0; r < keep.length; r++) if (keep[r]) kept[k++] = r;
  for (let k = 0; k < n; k++) {
    rowDate[k] = frame.rowDate[kept[k]!]!;
    rowInstrument[k] = frame.rowInstrument[kept[k]!]!;
  }
  // one column at a time: sequential reads and writes (a row at a time strides across every column)
  const values = frame.values.map((src) => {
    const out = newColumnLike(src, n);
    for (let k = 0; k < n; k++) out[k] = src[kept[k]!]!;
    return out;
  });
  return { ...frame, rowDate, rowInstrument, values };
}

/** Rows `[lo, hi)` of a frame as views (no copy): rows are date-sorted, so a date range is contiguous. */
export function sliceRows(frame: FeatureFrame, lo: number, hi: number): FeatureFrame {
  if (lo === 0 && hi === frame.rowDate.length) return frame;
  return {
    ...frame,
    rowDate: frame.rowDate.subarray(lo, hi),
    rowInstrument: frame.rowInstrument.subarray(lo, hi),
    values: frame.values.map((v) => v.subarray(lo, hi)),
  };
}

/** First index in the sorted calendar whose date is >= `date`. */
function bisectDates(calendar: readonly string[], date: string, right: boolean): number {
  let lo = 0;
  let hi = calendar.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = calendar[mid]!;
    if (c < date || (right && c === date)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Row range `[lo, hi)` of the rows dated inside the closed range `[start, end]` (ISO dates; null means
 * unbounded), like pandas `.loc[start:end]` on the datetime level.
 */
export function dateRowRange(frame: FeatureFrame, start: string | null, end: string | null): [number, number] {
  // calendar positions of the range, then row positions by binary search on the sorted rowDate
  const startPos = start === null ? 0 : bisectDates(frame.calendar, start, false);
  const endPos = end === null ? frame.calendar.length - 1 : bisectDates(frame.calendar, end, true) - 1;
  return [lowerBound(frame.rowDate, startPos), lowerBound(frame.rowDate, endPos + 1)];
}

/** First row whose calendar position is >= `pos`. */
function lowerBound(rowDate: Int32Array, pos: number): number {
  let lo = 0;
  let hi = rowDate.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rowDate[mid]! < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Calls `fn(lo, hi)` for each run of rows sharing one date (a cross-section). Rows are date-sorted, so a
 * cross-section is a contiguous run.
 */
export function forEachDay(frame: FeatureFrame, fn: (lo: number, hi: number) => void): void {
  const d = frame.rowDate;
  let lo = 0;
  for (let r = 1; r <= d.length; r++) {
    if (r === d.length || d[r] !== d[lo]) {
      fn(lo, r);
      lo = r;
    }
  }
}

/** The shared "PROCESSOR_INVALID" error, naming the processor class. */
export function processorError(className: string, problem: string, hint: string, details: Record<string, unknown> = {}): DataError {
  return new DataError('PROCESSOR_INVALID', `${className}: ${problem}`, { hint, details: { class: className, ...details } });
}
