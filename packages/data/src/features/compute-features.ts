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
  const opts = parseOptions(options);
  const compiled = compileFields(opts.fields, { operators: opts.operators });
  const [si, ei] = provider.calendar.locate(opts.start ?? null, opts.end ?? null);
  return computeFrame(provider, compiled, opts.instruments, si, ei, si, opts.onProgress);
}

function parseOptions(options: ComputeFeaturesOptions) {
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
  const cal = provider.calendar;
  const columns = [...compiled.names];
  if (si > ei) return emptyFrame(columns, cal.dates);
  const members = provider.listInstruments(instruments, si, ei);
  const symbols = [...members.keys()].sort();
  const leaves = leafFields(compiled.nodes);

  // Pass 1: which rows exist (membership ∩ stored range), so the output can be laid out by date.
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
  // every row is written by exactly one instrument, so no NaN pre-fill pass over the (large) columns
  const values = columns.map(() => new Float32Array(nRows));
  const cursor = perDate.slice(0, perDate.length - 1);

  // Evaluation ranges. Path-independent fields share one range per instrument: its own rows plus the
  // largest lookback / look-ahead, starting no earlier than its stored data (values there are identical
  // to Qlib's wider load, and a csi300 member for two years does not pay for sixteen). Path-dependent
  // fields load exactly where Qlib would, from the query's anchor.
  const [lInd, rInd] = maxWindow(compiled.nodes, false);
  // another instrument's windows reach before this one's listing, so keep Qlib's full lookback then
  const clipToStored = !readsOtherInstrument(compiled.nodes);
  const depRange = compiled.nodes.map((n): [number, number] | null =>
    n.pathDependent ? [Math.max(0, anchor - n.window[0]), Math.min(cal.length - 1, ei + n.window[1])] : null,
  );
  const instruments2: string[] = [];
  // Instruments are evaluated into a small block buffer (instrument-major, sequential writes), then
  // flushed column by column: a block's rows for one day are adjacent, so the flush stays in cache
  // instead of striding across the whole (date, instrument)-ordered column per value.
  const block: Array<{ rows: Int32Array; buf: Float32Array }> = [];
  const flush = () => {
    for (let c = 0; c < columns.length; c++) {
      const col = values[c]!;
      for (const { rows, buf } of block) {
        const off = c * rows.length;
        for (let r = 0; r < rows.length; r++) col[rows[r]!] = buf[off + r]!;
      }
    }
    block.length = 0;
  };
  let lastReport = Date.now();
  symbols.forEach((sym, k) => {
    const spans = rowSpans[k]!;
    if (onProgress && Date.now() - lastReport > 1000) {
      onProgress({ instruments: k, total: symbols.length });
      lastReport = Date.now();
    }
    if (!spans.length) return;
    const instIdx = instruments2.length;
    instruments2.push(sym);
    let count = 0;
    for (const [lo, hi] of spans) count += hi - lo + 1;
    const positions = new Int32Array(count);
    const rows = new Int32Array(count);
    let k2 = 0;
    for (const [lo, hi] of spans) {
      for (let p = lo; p <= hi; p++, k2++) {
        const row = cursor[p - si]!++;
        positions[k2] = p;
        rows[k2] = row;
        rowDate[row] = p;
        rowInstrument[row] = instIdx;
      }
    }
    const shared = new InstrumentEvaluator(
      provider,
      sym,
      Math.max(0, spans[0]![0] - lInd, clipToStored ? storedFirst[k]! : 0),
      Math.min(cal.length - 1, spans[spans.length - 1]![1] + rInd),
    );
    // Float32Array storage is Qlib's final float32 cast
    const buf = new Float32Array(columns.length * count);
    const evaluators = new Map<string, InstrumentEvaluator>();
    compiled.nodes.forEach((node, c) => {
      const dep = depRange[c];
      let ev = shared;
      if (dep) {
        const key = `${dep[0]}:${dep[1]}`;
        ev = evaluators.get(key) ?? new InstrumentEvaluator(provider, sym, dep[0], dep[1]);
        evaluators.set(key, ev);
      }
      const a = ev.a;
      const v = ev.evaluate(node).values;
      const off = c * count;
      for (let r = 0; r < count; r++) buf[off + r] = v[positions[r]! - a]!;
    });
    block.push({ rows, buf });
    if (block.length >= 32) flush();
  });
  flush();
  onProgress?.({ instruments: symbols.length, total: symbols.length, rows: nRows });
  return { columns, values, rowDate, rowInstrument, instruments: instruments2, calendar: cal.dates };
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

function emptyFrame(columns: string[], calendar: readonly string[]): FeatureFrame {
  return {
    columns,
    values: columns.map(() => new Float32Array(0)),
    rowDate: new Int32Array(0),
    rowInstrument: new Int32Array(0),
    instruments: [],
    calendar,
  };
}
