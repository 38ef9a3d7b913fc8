import type { FeatureFrame } from '../features/feature-frame.js';
import type { DataHandlerLP } from './data-handler-lp.js';
import { type Segments, segmentRange, validateSegments } from './segments.js';
import type { DataView, LearnRowPool, ModelDataset, RowIndex, TabularData } from './types.js';

/** The model-facing row index of a frame (positions shared with the frame, not copied). */
export function rowIndexOf(frame: FeatureFrame): RowIndex {
  return { rowDate: frame.rowDate, rowInstrument: frame.rowInstrument, instruments: frame.instruments, calendar: frame.calendar };
}

/** Column positions of the features and of the first label (-1 when the frame has none). */
export function splitColumns(frame: FeatureFrame, labelColumns: readonly string[]): { features: number[]; label: number } {
  const labels = new Set(labelColumns);
  const features = frame.columns.flatMap((c, i) => (labels.has(c) ? [] : [i]));
  return { features, label: labelColumns.length > 0 ? frame.columns.indexOf(labelColumns[0]!) : -1 };
}

/** Options of {@link DatasetH}. */
export interface DatasetHOptions {
  /**
   * The handler is shared by several datasets (a rolling run's tasks): said in {@link DatasetH.learnRowPool}
   * so a model may do its per-handler work (LightGBM's bins) once for all of them.
   */
  sharedHandler?: boolean;
}

/**
 * Qlib's DatasetH: a handler plus named date segments. `prepare(segment, 'learn')` gives training rows
 * (after the learn processors, e.g. without NaN labels); `'infer'` keeps every row for prediction.
 */
export class DatasetH implements ModelDataset {
  readonly kind = 'tabular' as const;
  readonly segments: Segments;
  readonly #sharedHandler: boolean;

  /** Throws SEGMENT_INVALID when a segment is malformed or outside the handler's calendar. */
  constructor(
    readonly handler: DataHandlerLP,
    segments: unknown,
    opts: DatasetHOptions = {},
  ) {
    this.segments = validateSegments(segments, handler.calendar);
    this.#sharedHandler = opts.sharedHandler ?? false;
  }

  segmentNames(): string[] {
    return Object.keys(this.segments);
  }

  /** The processed frame of a segment (for tables and CSV; models use {@link prepare}). */
  fetch(segment: string, view: DataView = 'infer'): FeatureFrame {
    return this.handler.fetch(segmentRange(this.segments, segment), view);
  }

  prepare(segment: string, view: DataView = 'infer'): TabularData {
    return this.#matrix(segmentRange(this.segments, segment), view);
  }

  /** The handler's learn rows, keyed by the handler itself (every DatasetH over it shares the pool). */
  learnRowPool(): LearnRowPool {
    const handler = this.handler;
    const fit = handler.fitWindow;
    return {
      id: handler,
      shared: this.#sharedHandler,
      nRows: handler.learnRowRange(null)[1],
      fitWindow: fit ? handler.learnRowRange(fit) : null,
      segmentRows: (segment) => handler.learnRowRange(segmentRange(this.segments, segment)),
      rows: () => this.#matrix(null, 'learn'),
    };
  }

  #matrix(range: readonly [string | null, string | null] | null, view: DataView): TabularData {
    const { labels, featureNames, features, at } = this.handler.fetchFeatureRows(range, view);
    const n = labels.rowDate.length;
    const nf = features.length;
    const x = new Float32Array(n * nf);
    // column-major frame → row-major matrix, one column at a time for sequential reads
    features.forEach((src, j) => {
      if (at === null) for (let r = 0; r < n; r++) x[r * nf + j] = src[r]!;
      else for (let r = 0; r < n; r++) x[r * nf + j] = src[at[r]!]!;
    });
    const label = this.handler.labelColumns.length > 0 ? labels.columns.indexOf(this.handler.labelColumns[0]!) : -1;
    const y = label >= 0 ? Float32Array.from(labels.values[label]!) : new Float32Array(n).fill(NaN);
    return { kind: 'tabular', nRows: n, nFeatures: nf, featureNames, x, y, index: rowIndexOf(labels) };
  }
}
