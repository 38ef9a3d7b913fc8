import { z } from 'zod';
import { parseOrThrow } from '../errors.js';
import type { ExprNode } from '../expr/ast.js';
import { InstrumentEvaluator } from '../expr/evaluator.js';
import { OperatorRegistry } from '../expr/operator-registry.js';
import type { QlibProvider } from '../storage/qlib-provider.js';
import type { FeatureFrame } from './feature-frame.js';
import { type CompiledFields, compileFields, FieldSpecSchema, leafFields, maxWindow } from './field-set.js';

/** Options of `computeFeatures`, parsed once at the edge. */
export const ComputeFeaturesOptionsSchema = z
  .strictObject({
    fields: z.array(FieldSpecSchema).min(1).describe('columns to compute, in output order'),
    instruments: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .describe('a market name (csi300, all), a comma-separated list, or an array of symbols'),
    start: z.string().optional().describe('first date (ISO); default: the calendar start'),
    end: z.string().optional().describe('last date (ISO); default: the calendar end'),
    onProgress: z
      .custom<(p: FeatureProgress) => void>((v) => typeof v === 'function', { message: 'expected a function (progress) => void' })
      .optional()
      .describe('receives the instruments done about once a second, then the row count at the end (default: none)'),
    operators: z
      .instanceof(OperatorRegistry)
      .optional()
      .describe("operators the expressions may call (default: Qlib's built-in ones; see defaultOperatorRegistry)"),
  })
  .describe('computeFeatures options');

/**
 * Progress of a feature computation: instruments evaluated of `total` (about once a second while it runs),
 * then once at the end with the frame's `rows`. The library reports, the caller draws (the CLI on stderr).
 */
export interface FeatureProgress {
  instruments: number;
  total: number;
  /** Rows of the finished frame; set only on the last report. */
  rows?: number;
}

/** Input of `computeFeatures` (defaults applied by the schema). */
export type ComputeFeaturesOptions = z.input<typeof ComputeFeaturesOptionsSchema>;

/**
 * Qlib's `D.features`: evaluates every field for every instrument of the market and returns a frame with
 * one row per (day, instrument) where the instrument is a member on that day and has stored data (the
 * union of its fields' stored ranges; suspended days inside it are rows with NaN), ordered by
 * (date, instrument). Values are rounded to float32 as Qlib's final cast does. Lookback and future rows
 * are loaded around `[start, end]` as Qlib's extended windows require. `operators` adds custom operators
 * (see {@link OperatorRegistry}).
 *
 * @example
 * ```ts
 * const frame = computeFeatures(provider, {
 *   fields: handlerColumns(alpha158()),
 *   instruments: 'csi300',
 *   start: '2020-01-01',
 *   end: '2020-12-31',
 * });
 * ```
 */
export function computeFeatures(provider: QlibProvider, options: ComputeFeaturesOptions): FeatureFrame {
  const opts = parseComputeFeaturesOptions(options);
  const compiled = compileFields(opts.fields, { operators: opts.operators });
  const [si, ei] = provider.calendar.locate(opts.start ?? null, opts.end ?? null);
  return computeFrame(provider, compiled, opts.instruments, si, ei, si, opts.onProgress);
}

/** The options of computeFeatures checked and defaulted (`CONFIG_INVALID` naming the bad one). */
export function parseComputeFeaturesOptions(options: ComputeFeaturesOptions) {
  return parseOrThrow(ComputeFeaturesOptionsSchema, options, {
    code: 'CONFIG_INVALID',
    what: 'computeFeatures',
    hint: 'pass { fields: [{ name, expr }], instruments, start?, end? }',
  });
}

/**
 * The engine behind computeFeatures and FeatureStore: rows for calendar positions `[si, ei]`.
 * Path-dependent fields (EMA with an integer span, expanding ops, Ref(x,0)) start loading at
 * `anchor - lookback` so an incremental extension sees the same warm-up as the original query.
 */
export function computeFrame(
  provider: QlibProvider,
  compiled: CompiledFields,
  instruments: string | readonly string[],
  si: number,
  ei: number,
  anchor: number,
  onProgress?: (p: FeatureProgress) => void,
): FeatureFrame {
  const layout = layoutFrame(provider, compiled, instruments, si, ei);
  const values = layout.columns.map(() => new Float32Array(layout.nRows));
  const ranges = evaluationRanges(compiled, anchor, ei, provider.calendar.length);
  const writer = new ColumnWriter(values);
  let lastReport = Date.now();
  for (const job of layout.jobs) {
    if (onProgress && Date.now() - lastReport > 1000) {
      onProgress({ instruments: job.index, total: layout.total });
      lastReport = Date.now();
    }
    writer.add(job.rows, evaluateInstrument(provider, compiled, job, ranges));
  }
  writer.flush();
  onProgress?.({ instruments: layout.total, total: layout.total, rows: layout.nRows });
  return frameOf(layout, values, provider.calendar.dates);
}

/** One instrument's share of a frame: its rows, their calendar positions, and the range its evaluator loads. */
export interface InstrumentJob {
  symbol: string;
  /** Position of the symbol among all the query's symbols (for progress). */
  index: number;
  /** Frame row of each of its rows. */
  rows: Int32Array;
  /** Calendar position of each of its rows. */
  positions: Int32Array;
  /** Last calendar position its path-independent fields are evaluated to (its last row plus the look-ahead). */
  end: number;
  /** First calendar position with data to read (its stored start; 0 when another instrument's data is read). */
  floor: number;
}

/** Where every row of a frame goes (pass 1), and the per-instrument evaluation jobs that fill it. */
export interface FrameLayout {
  columns: string[];
  nRows: number;
  rowDate: Int32Array;
  rowInstrument: Int32Array;
  /** Symbols with rows, in frame instrument-index order. */
  instruments: string[];
  /** One per symbol with rows, in symbol order. */
  jobs: InstrumentJob[];
  /** Symbols the query named (with or without rows), for progress. */
  total: number;
}

/**
 * Pass 1 of a frame: which rows exist (membership ∩ stored range), laid out by (date, instrument), and for each
 * instrument where its fields end (its last row plus the largest look-ahead) and where its stored data starts
 * (its fields are evaluated from the query's anchor less their own lookback, as Qlib loads them, but no
 * earlier than that: the rows before it are NaN).
 */
export function layoutFrame(
  provider: QlibProvider,
  compiled: CompiledFields,
  instruments: string | readonly string[],
  si: number,
  ei: number,
): FrameLayout {
  const cal = provider.calendar;
  const columns = [...compiled.names];
  const empty = { columns, nRows: 0, rowDate: new Int32Array(0), rowInstrument: new Int32Array(0), instruments: [], jobs: [], total: 0 };
  if (si > ei) return empty;
  const members = provider.listInstruments(instruments, si, ei);
  const symbols = [...members.keys()].sort();
  const leaves = leafFields(compiled.nodes);
  const rowSpans: Array<Array<[number, number]>> = [];
  const storedFirst: number[] = [];
  const perDate = new Int32Array(ei - si + 2);
  for (const sym of symbols) {
    let first = Infinity;
    let last = -Infinity;
    for (const f of leaves) {
      const s = provider.loadField(sym, f);
      if (s?.values.length) {
        first = Math.min(first, s.start);
        last = Math.max(last, s.start + s.values.length - 1);
      }
    }
    const spans: Array<[number, number]> = [];
    for (const [a, b] of members.get(sym)!) {
      const lo = Math.max(a, first);
      const hi = Math.min(b, last);
      if (lo <= hi) spans.push([lo, hi]);
    }
    rowSpans.push(spans);
    storedFirst.push(first);
    for (const [lo, hi] of spans) for (let p = lo; p <= hi; p++) perDate[p - si + 1]!++;
  }
  for (let k = 1; k < perDate.length; k++) perDate[k]! += perDate[k - 1]!; // perDate[p-si] = first row of day p
  const nRows = perDate[perDate.length - 1]!;
  const rowDate = new Int32Array(nRows);
  const rowInstrument = new Int32Array(nRows);
  const cursor = perDate.slice(0, perDate.length - 1);
  const rInd = maxWindow(compiled.nodes, false)[1];
  // another instrument's windows reach before this one's listing, so keep Qlib's full lookback then
  const clipToStored = !readsOtherInstrument(compiled.nodes);
  const withRows: string[] = [];
  const jobs: InstrumentJob[] = [];
  symbols.forEach((symbol, index) => {
    const spans = rowSpans[index]!;
    if (!spans.length) return;
    const instIdx = withRows.length;
    withRows.push(symbol);
    let count = 0;
    for (const [lo, hi] of spans) count += hi - lo + 1;
    const positions = new Int32Array(count);
    const rows = new Int32Array(count);
    let k = 0;
    for (const [lo, hi] of spans) {
      for (let p = lo; p <= hi; p++, k++) {
        const row = cursor[p - si]!++;
        positions[k] = p;
        rows[k] = row;
        rowDate[row] = p;
        rowInstrument[row] = instIdx;
      }
    }
    const end = Math.min(cal.length - 1, spans[spans.length - 1]![1] + rInd);
    jobs.push({ symbol, index, rows, positions, end, floor: clipToStored ? storedFirst[index]! : 0 });
  });
  return { columns, nRows, rowDate, rowInstrument, instruments: withRows, jobs, total: symbols.length };
}

/** Where one field is evaluated: from `start`, to `end` (null: to the instrument's own last row plus look-ahead). */
export interface FieldRange {
  start: number;
  end: number | null;
}

/**
 * Per field, where Qlib loads it: from the query's anchor less the field's own lookback (`ExpressionProvider`
 * extends each expression by its own window). Path-dependent fields (EMA with an integer span, expanding ops)
 * also end at the query's end plus their look-ahead; the others run to the instrument's end. Where a rolling
 * window starts matters to the last bit: pandas' online sums (Kahan add / remove) carry their history, so a
 * field loaded from a later start differs in an ulp here and there.
 */
export function evaluationRanges(compiled: CompiledFields, anchor: number, ei: number, calendarLength: number): FieldRange[] {
  return compiled.nodes.map((n) => ({
    start: Math.max(0, anchor - n.window[0]),
    end: n.pathDependent ? Math.min(calendarLength - 1, ei + n.window[1]) : null,
  }));
}

/**
 * Every field of one instrument at its rows, instrument-major (`columns × rows`). Float32Array storage is
 * Qlib's final float32 cast.
 */
export function evaluateInstrument(
  provider: QlibProvider,
  compiled: CompiledFields,
  job: InstrumentJob,
  ranges: readonly FieldRange[],
): Float32Array {
  const count = job.rows.length;
  const buf = new Float32Array(compiled.nodes.length * count);
  // one evaluator per distinct range, so the fields of one lookback share their sub-expressions
  const evaluators = new Map<string, InstrumentEvaluator>();
  compiled.nodes.forEach((node, c) => {
    const r = ranges[c]!;
    // rows before the stored data are NaN, which pandas' windows skip: starting there instead is the same
    const start = r.end === null ? Math.max(r.start, job.floor) : r.start;
    const end = r.end ?? job.end;
    const key = `${start}:${end}`;
    let ev = evaluators.get(key);
    if (!ev) {
      ev = new InstrumentEvaluator(provider, job.symbol, start, end);
      evaluators.set(key, ev);
    }
    const a = ev.a;
    const v = ev.evaluate(node).values;
    const off = c * count;
    for (let r2 = 0; r2 < count; r2++) buf[off + r2] = v[job.positions[r2]! - a]!;
  });
  return buf;
}

/**
 * Writes instruments' values into the (date, instrument)-ordered columns. Instruments are kept in a small
 * block (instrument-major, sequential writes), then flushed column by column: a block's rows for one day are
 * adjacent, so the flush stays in cache instead of striding across the whole column per value. Every row is
 * written by exactly one instrument, so the columns need no NaN pre-fill.
 */
export class ColumnWriter {
  readonly #block: Array<{ rows: Int32Array; buf: Float32Array }> = [];

  constructor(readonly values: readonly Float32Array[]) {}

  add(rows: Int32Array, buf: Float32Array): void {
    this.#block.push({ rows, buf });
    if (this.#block.length >= 32) this.flush();
  }

  flush(): void {
    for (let c = 0; c < this.values.length; c++) {
      const col = this.values[c]!;
      for (const { rows, buf } of this.#block) {
        const off = c * rows.length;
        for (let r = 0; r < rows.length; r++) col[rows[r]!] = buf[off + r]!;
      }
    }
    this.#block.length = 0;
  }
}

/** The frame of a layout whose columns are filled. */
export function frameOf(layout: FrameLayout, values: Float32Array[], calendar: readonly string[]): FeatureFrame {
  return {
    columns: layout.columns,
    values,
    rowDate: layout.rowDate,
    rowInstrument: layout.rowInstrument,
    instruments: layout.instruments,
    calendar,
  };
}

/** Whether any of `nodes` or their sub-expressions evaluates on another symbol (ChangeInstrument, Mask). */
function readsOtherInstrument(nodes: readonly ExprNode[]): boolean {
  const seen = new Set<number>();
  const walk = (n: ExprNode): boolean => {
    if (n.kind !== 'op' || seen.has(n.id)) return false;
    seen.add(n.id);
    return n.spec.family === 'changeInstrument' || n.args.some(walk);
  };
  return nodes.some(walk);
}
