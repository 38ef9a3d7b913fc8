import { z } from 'zod';
import { IsoDate } from '../calendar/dates.js';
import { DataError, parseOrThrow } from '../errors.js';
import { type FeatureFrame, type FrameColumn, newColumnLike } from '../features/feature-frame.js';
import { dateRowRange, groupColumnIndices, selectColumns, sliceRows } from '../processor/frame-utils.js';
import { defaultProcessorRegistry, type ProcessorRegistry, processorConfigSchema } from '../processor/registry.js';
import type { ProcessContext, Processor, ProcessorJSON } from '../processor/types.js';

/** Which frame `fetch` returns: the loaded data, the inference view, or the training view (Qlib DK_R/DK_I/DK_L). */
export type HandlerView = 'raw' | 'infer' | 'learn';

/** The serialisable part of a DataHandlerLP config (Qlib kwargs names where Qlib has them). */
export const dataHandlerLPConfigSchema = z.strictObject({
  infer_processors: z.array(processorConfigSchema).default([]).describe('processors of the infer view, in order (default [])'),
  learn_processors: z.array(processorConfigSchema).default([]).describe('processors of the learn view, in order (default [])'),
  process_type: z
    .enum(['append', 'independent'])
    .default('append')
    .describe('"append": learn = learn_processors(infer view); "independent": learn = learn_processors(raw) (default "append")'),
  fit_start_time: IsoDate.nullable().default(null).describe('fit window start injected into fitted processors (default none)'),
  fit_end_time: IsoDate.nullable().default(null).describe('fit window end injected into fitted processors (default none)'),
});
export type DataHandlerLPConfig = z.input<typeof dataHandlerLPConfigSchema>;

/** Fitted processors of a handler, as JSON: rebuild the same views in another process without re-fitting. */
export interface HandlerProcessorState {
  processType: 'append' | 'independent';
  infer: ProcessorJSON[];
  learn: ProcessorJSON[];
}

/** Options of {@link DataHandlerLP}. */
export interface DataHandlerLPOptions {
  /** The raw frame (features then labels), as the expression engine produced it. */
  frame: FeatureFrame;
  /** Names of the label columns (Qlib's "label" group); every other column is a feature. */
  labelColumns: readonly string[];
  /** Processor lists, process type and fit window (parsed with {@link dataHandlerLPConfigSchema}). */
  config?: DataHandlerLPConfig;
  /** Processor classes (default: {@link defaultProcessorRegistry}). */
  registry?: ProcessorRegistry;
  /**
   * Fitted processors from {@link DataHandlerLP.processorState}: when given, the lists in `config` are ignored
   * and nothing is re-fitted (Qlib's `IT_LS`), so inference reuses the training normalisation.
   */
  state?: HandlerProcessorState;
  /**
   * Keep the raw frame for `fetch(…, 'raw')` (default true). False lets it be garbage-collected once the
   * views are built (the columns a processor replaced are then gone): a handler shared by many tasks that
   * read only the infer / learn views holds one copy of the features less.
   */
  retainRaw?: boolean;
}

/**
 * Qlib's DataHandlerLP: holds the raw frame and the infer / learn views built by running processors in list
 * order, each fitted on the previous one's output (`IT_FIT_SEQ`). Under `append` the learn view is the
 * learn processors applied to the infer view; under `independent` they run on the raw frame.
 */
export class DataHandlerLP {
  readonly labelColumns: readonly string[];
  readonly processType: 'append' | 'independent';
  private readonly ctx: ProcessContext;
  private readonly inferProcs: Processor[];
  private readonly learnProcs: Processor[];
  private readonly views: { raw: FeatureFrame | null; infer: FeatureFrame; learn: FeatureFrame | null };
  /**
   * The learn view when its processors touch only rows and labels: its label columns plus {@link ROW_COLUMN},
   * each row's position in the infer view (the features are gathered from there on fetch). Null otherwise.
   */
  private readonly learnRows: FeatureFrame | null;
  /** The calendar the frame's date positions refer to. */
  readonly calendar: readonly string[];
  /**
   * The fit window of the fitted processors (`fit_start_time`..`fit_end_time`), or null when the config
   * names none (or the handler was built from a saved state).
   */
  readonly fitWindow: readonly [string, string] | null;

  constructor(opts: DataHandlerLPOptions) {
    const registry = opts.registry ?? defaultProcessorRegistry();
    this.labelColumns = [...opts.labelColumns];
    const missing = this.labelColumns.filter((l) => !opts.frame.columns.includes(l));
    if (missing.length > 0) {
      throw new DataError('HANDLER_INVALID', `label column(s) ${missing.join(', ')} are not in the frame`, {
        hint: `name label columns among: ${opts.frame.columns.slice(-3).join(', ')} …`,
      });
    }
    this.ctx = { labelColumns: new Set(this.labelColumns) };
    const fitted = opts.state !== undefined;
    let fitWindow: readonly [string, string] | null = null;
    if (opts.state) {
      this.processType = opts.state.processType;
      this.inferProcs = opts.state.infer.map((j) => registry.fromJSON(j));
      this.learnProcs = opts.state.learn.map((j) => registry.fromJSON(j));
    } else {
      const cfg = parseOrThrow(dataHandlerLPConfigSchema, opts.config ?? {}, {
        code: 'HANDLER_INVALID',
        what: 'invalid DataHandlerLP config',
        hint: 'allowed keys: infer_processors, learn_processors, process_type (append|independent), fit_start_time, fit_end_time',
      });
      const defaults = { fitStart: cfg.fit_start_time, fitEnd: cfg.fit_end_time };
      if (cfg.fit_start_time !== null && cfg.fit_end_time !== null) fitWindow = [cfg.fit_start_time, cfg.fit_end_time];
      this.processType = cfg.process_type;
      this.inferProcs = cfg.infer_processors.map((c) => registry.create(c, defaults));
      this.learnProcs = cfg.learn_processors.map((c) => registry.create(c, defaults));
    }
    const notForInfer = this.inferProcs.filter((p) => !p.isForInfer());
    if (notForInfer.length > 0) {
      throw new DataError('PROCESSOR_INVALID', `${notForInfer.map((p) => p.className).join(', ')} cannot be used in infer_processors`, {
        hint: 'move it to learn_processors: it needs the label, which is unknown at inference time',
      });
    }
    const raw = opts.frame;
    const infer = this.run(raw, this.inferProcs, !fitted);
    if (this.processType === 'append' && this.learnProcs.every(touchesLabelsOnly)) {
      // Qlib's usual learn list (DropnaLabel, then a label normaliser) changes only rows and labels: run it on
      // the label columns plus each row's position in the infer view, and gather the features from the infer
      // view when a range is fetched, instead of keeping a second copy of every feature column
      const labelsOnly = selectColumns(infer, groupColumnIndices(infer, 'label', this.ctx));
      const withRow = { ...labelsOnly, columns: [...labelsOnly.columns, ROW_COLUMN], values: [...labelsOnly.values, rowPositions(infer)] };
      this.views = { raw: opts.retainRaw === false ? null : raw, infer, learn: null };
      this.learnRows = this.run(withRow, this.learnProcs, !fitted);
    } else {
      const learn = this.run(this.processType === 'append' ? infer : raw, this.learnProcs, !fitted);
      this.views = { raw: opts.retainRaw === false ? null : raw, infer, learn };
      this.learnRows = null;
    }
    this.calendar = raw.calendar;
    this.fitWindow = fitWindow;
  }

  /** Runs processors in order, fitting each (when asked) on its predecessor's output. */
  private run(frame: FeatureFrame, procs: Processor[], withFit: boolean): FeatureFrame {
    // columns made inside this run (not the input's): the next processor may overwrite them (e.g. Fillna
    // after RobustZScoreNorm fills the normalised columns instead of copying them, one frame less at the peak)
    const input = new Set(frame.values);
    const scratch = new Set<FrameColumn>();
    const ctx = { ...this.ctx, scratch };
    let cur = frame;
    for (const p of procs) {
      if (withFit && p.needsFit) p.fit(cur, ctx);
      cur = p.transform(cur, ctx);
      for (const v of cur.values) if (!input.has(v)) scratch.add(v);
    }
    return cur;
  }

  /**
   * Rows of one view inside the closed date range (`null` ends are unbounded; no range = every row), as
   * Qlib's `fetch(slice(start, end), data_key=view)`. `colSet` keeps all columns, the features or the labels.
   */
  fetch(
    range: readonly [string | null, string | null] | null = null,
    view: HandlerView = 'infer',
    colSet: 'all' | 'feature' | 'label' = 'all',
  ): FeatureFrame {
    if (view === 'learn' && this.learnRows) return this.fetchLearnRows(this.learnRows, range, colSet);
    const frame = this.view(view);
    const [lo, hi] = range ? dateRowRange(frame, range[0], range[1]) : [0, frame.rowDate.length];
    const rows = sliceRows(frame, lo, hi);
    return colSet === 'all' ? rows : selectColumns(rows, groupColumnIndices(rows, colSet, this.ctx));
  }

  /**
   * A view's rows in a date range as its label frame (label columns and row index) plus the feature columns to
   * read them from: row `r` of the range is row `at[r]` of `features` (`at` null: row `r`). What a matrix
   * builder reads, without the learn view's features gathered into a frame first.
   */
  fetchFeatureRows(
    range: readonly [string | null, string | null] | null,
    view: HandlerView,
  ): { labels: FeatureFrame; featureNames: string[]; features: FrameColumn[]; at: ArrayLike<number> | null } {
    if (view === 'learn' && this.learnRows) {
      const learn = this.learnRows;
      const [lo, hi] = range ? dateRowRange(learn, range[0], range[1]) : [0, learn.rowDate.length];
      const infer = this.views.infer;
      const featureIdx = groupColumnIndices(infer, 'feature', this.ctx);
      return {
        labels: this.fetchLearnRows(learn, range, 'label'),
        featureNames: featureIdx.map((c) => infer.columns[c]!),
        features: featureIdx.map((c) => infer.values[c]!),
        at: learn.values[learn.columns.indexOf(ROW_COLUMN)]!.subarray(lo, hi),
      };
    }
    const frame = this.fetch(range, view);
    const featureIdx = groupColumnIndices(frame, 'feature', this.ctx);
    return {
      labels: selectColumns(frame, groupColumnIndices(frame, 'label', this.ctx)),
      featureNames: featureIdx.map((c) => frame.columns[c]!),
      features: featureIdx.map((c) => frame.values[c]!),
      at: null,
    };
  }

  /**
   * Where the learn view's rows of a closed date range lie among all its rows: `[lo, hi)`, rows being
   * date-sorted (what {@link fetchFeatureRows} of the range returns is rows `lo..hi-1` of the unbounded fetch).
   */
  learnRowRange(range: readonly [string | null, string | null] | null): [number, number] {
    const learn = this.learnRows ?? this.views.learn!;
    return range ? dateRowRange(learn, range[0], range[1]) : [0, learn.rowDate.length];
  }

  /** A range of the learn view kept as {@link learnRows}: its labels, with the features gathered from the infer view. */
  private fetchLearnRows(
    learn: FeatureFrame,
    range: readonly [string | null, string | null] | null,
    colSet: 'all' | 'feature' | 'label',
  ): FeatureFrame {
    const [lo, hi] = range ? dateRowRange(learn, range[0], range[1]) : [0, learn.rowDate.length];
    const rowCol = learn.columns.indexOf(ROW_COLUMN);
    const at = learn.values[rowCol]!.subarray(lo, hi);
    const infer = this.views.infer;
    const block = colSet === 'label' ? null : gatherBlock(infer, this.ctx.labelColumns, at.length);
    let slot = 0;
    const values = infer.columns.map((name, c) => {
      if (this.ctx.labelColumns.has(name)) return learn.values[learn.columns.indexOf(name)]!.subarray(lo, hi);
      if (colSet === 'label') return null;
      const src = infer.values[c]!;
      const out = block ? block.subarray(at.length * slot, at.length * ++slot) : newColumnLike(src, at.length);
      for (let k = 0; k < at.length; k++) out[k] = src[at[k]!]!;
      return out;
    });
    const frame: FeatureFrame = {
      ...infer,
      rowDate: learn.rowDate.subarray(lo, hi),
      rowInstrument: learn.rowInstrument.subarray(lo, hi),
      values: values.filter((v) => v !== null),
      columns: infer.columns.filter((_, c) => values[c] !== null),
    };
    return colSet === 'all' ? frame : selectColumns(frame, groupColumnIndices(frame, colSet, this.ctx));
  }

  /** One view's whole frame; the raw one is gone when the handler was built with `retainRaw: false`. */
  private view(view: HandlerView): FeatureFrame {
    if (view === 'learn' && this.learnRows) return this.fetchLearnRows(this.learnRows, null, 'all');
    const frame = this.views[view];
    if (frame === null) {
      throw new DataError('HANDLER_INVALID', "this handler was built without its raw view (retainRaw: false): fetch 'infer' or 'learn'", {
        hint: 'build the handler with retainRaw left at true to fetch the raw frame',
      });
    }
    return frame;
  }

  /** Feature column names of a view (FilterCol / DropCol can make them differ from the raw ones). */
  featureColumns(view: HandlerView = 'infer'): string[] {
    const frame = view === 'learn' && this.learnRows ? this.views.infer : this.view(view);
    return frame.columns.filter((c) => !this.ctx.labelColumns.has(c));
  }

  /** Fitted processors as JSON, for {@link DataHandlerLPOptions.state}. */
  processorState(): HandlerProcessorState {
    return { processType: this.processType, infer: this.inferProcs.map((p) => p.toJSON()), learn: this.learnProcs.map((p) => p.toJSON()) };
  }
}

/** The learn view's column of row positions in the infer view (see `DataHandlerLP.learnRows`); a feature to the processors. */
const ROW_COLUMN = '__rollq_infer_row';

/** Processors whose output on the label columns depends on the labels and rows only, given their kwargs. */
const LABEL_ONLY_CLASSES = new Set([
  'DropnaLabel',
  'CSRankNorm',
  'CSZScoreNorm',
  'CSZFillna',
  'Fillna',
  'ZScoreNorm',
  'RobustZScoreNorm',
  'MinMaxNorm',
  'TanhProcess',
]);

/** True for a learn processor that reads and writes only label columns (DropnaLabel, or one of `fields_group: label`). */
function touchesLabelsOnly(p: Processor): boolean {
  return LABEL_ONLY_CLASSES.has(p.className) && p.toJSON().kwargs.fields_group === 'label';
}

/**
 * One buffer for the gathered float32 feature columns of a learn fetch (null when some are float64): a fetch
 * is read once (into a model's matrix) and dropped, and one large block goes back to the system when freed,
 * where a hundred column-sized ones stay in the allocator's heap and keep the RSS up.
 */
function gatherBlock(infer: FeatureFrame, labels: ReadonlySet<string>, n: number): Float32Array | null {
  let features = 0;
  for (let c = 0; c < infer.columns.length; c++) {
    if (labels.has(infer.columns[c]!)) continue;
    if (!(infer.values[c] instanceof Float32Array)) return null;
    features++;
  }
  return new Float32Array(features * n);
}

/** Each row's position, as a column (float64 holds every row index exactly). */
function rowPositions(frame: FeatureFrame): Float64Array {
  const out = new Float64Array(frame.rowDate.length);
  for (let r = 0; r < out.length; r++) out[r] = r;
  return out;
}
