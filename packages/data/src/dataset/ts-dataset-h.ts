import { z } from 'zod';
import { parseOrThrow } from '../errors.js';
import { dateRowRange } from '../processor/frame-utils.js';
import type { DataHandlerLP } from './data-handler-lp.js';
import { rowIndexOf, splitColumns } from './dataset-h.js';
import { type Segments, segmentRange, validateSegments } from './segments.js';
import type { DataView, ModelDataset, SequenceData } from './types.js';

/** Options of {@link TSDatasetH}. */
export const tsDatasetOptionsSchema = z.strictObject({
  step_len: z.number().int().min(1).default(30).describe('days per sample, ending at the sample date (default 30)'),
  fillna_type: z
    .enum(['none', 'ffill', 'ffill+bfill'])
    .default('none')
    .describe('how missing days inside a window are filled: none (NaN), ffill, ffill+bfill (default none)'),
});
export type TSDatasetOptions = z.input<typeof tsDatasetOptionsSchema>;

/**
 * Qlib's TSDatasetH + TSDataSampler: sample i is the `step_len` days ending at row i's date for row i's
 * instrument. Windows run over the dates present in the fetched view (extended `step_len` calendar days
 * before the segment start); a day where the instrument has no row is a NaN step, filled per `fillna_type`.
 * Samples come in `(datetime, instrument)` order (Qlib iterates instrument-major; the order is the
 * dataset contract's, and predictions are aligned by `index` either way).
 */
export class TSDatasetH implements ModelDataset {
  readonly kind = 'sequence' as const;
  readonly segments: Segments;
  readonly stepLen: number;
  readonly fillnaType: 'none' | 'ffill' | 'ffill+bfill';

  constructor(
    readonly handler: DataHandlerLP,
    segments: unknown,
    options: TSDatasetOptions = {},
  ) {
    const parsed = parseOrThrow(tsDatasetOptionsSchema, options, {
      code: 'DATASET_INVALID',
      what: 'invalid TSDatasetH options',
      hint: 'step_len is a positive integer; fillna_type is none, ffill or ffill+bfill',
    });
    this.stepLen = parsed.step_len;
    this.fillnaType = parsed.fillna_type;
    this.segments = validateSegments(segments, handler.calendar);
  }

  segmentNames(): string[] {
    return Object.keys(this.segments);
  }

  prepare(segment: string, view: DataView = 'infer'): SequenceData {
    const [start, end] = segmentRange(this.segments, segment);
    const calendar = this.handler.calendar;
    // Qlib: bisect_left(cal, start) - step_len, floored at 0
    let sp = 0;
    while (sp < calendar.length && calendar[sp]! < start) sp++;
    const extStart = calendar[Math.max(0, sp - this.stepLen)]!;
    const frame = this.handler.fetch([extStart, end], view);
    const { features, label } = splitColumns(frame, this.handler.labelColumns);
    const nInst = frame.instruments.length;
    const nRowsAll = frame.rowDate.length;

    // dense (date index × instrument) → row table over the dates present in the view (Qlib's idx_df)
    const dayOfRow = new Int32Array(nRowsAll);
    let nDays = 0;
    for (let r = 0; r < nRowsAll; r++) {
      if (r > 0 && frame.rowDate[r] !== frame.rowDate[r - 1]) nDays++;
      dayOfRow[r] = nDays;
    }
    if (nRowsAll > 0) nDays++;
    const cell = new Int32Array(nDays * nInst).fill(-1);
    for (let r = 0; r < nRowsAll; r++) cell[dayOfRow[r]! * nInst + frame.rowInstrument[r]!] = r;

    const [lo, hi] = dateRowRange(frame, start, end);
    const n = hi - lo;
    const L = this.stepLen;
    const nf = features.length;
    const x = new Float32Array(n * L * nf).fill(NaN);
    const window = new Int32Array(L);
    for (let s = 0; s < n; s++) {
      const r = lo + s;
      const inst = frame.rowInstrument[r]!;
      const d = dayOfRow[r]!;
      for (let t = 0; t < L; t++) {
        const dd = d - L + 1 + t;
        window[t] = dd < 0 ? -1 : cell[dd * nInst + inst]!;
      }
      this.fill(window);
      for (let t = 0; t < L; t++) {
        const src = window[t]!;
        if (src < 0) continue;
        const base = (s * L + t) * nf;
        for (let j = 0; j < nf; j++) x[base + j] = frame.values[features[j]!]![src]!;
      }
    }
    const y = new Float32Array(n);
    for (let s = 0; s < n; s++) y[s] = label >= 0 ? frame.values[label]![lo + s]! : NaN;
    const index = rowIndexOf(frame);
    return {
      kind: 'sequence',
      nRows: n,
      stepLen: L,
      nFeatures: nf,
      featureNames: features.map((c) => frame.columns[c]!),
      x,
      y,
      index: { ...index, rowDate: index.rowDate.subarray(lo, hi), rowInstrument: index.rowInstrument.subarray(lo, hi) },
    };
  }

  /** Qlib's fill of the index window: ffill, then (for ffill+bfill) a backward fill of what is left. */
  private fill(window: Int32Array): void {
    if (this.fillnaType === 'none') return;
    for (let t = 1; t < window.length; t++) if (window[t]! < 0) window[t] = window[t - 1]!;
    if (this.fillnaType === 'ffill+bfill') {
      for (let t = window.length - 2; t >= 0; t--) if (window[t]! < 0) window[t] = window[t + 1]!;
    }
  }
}
