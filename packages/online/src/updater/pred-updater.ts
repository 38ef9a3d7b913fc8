import type { HandlerProcessorState, QlibProvider } from '@rollq/data';
import { indexedTable, loadRecorderModel, RECORD_ARTIFACTS, type RecorderStore, type TaskComponents } from '@rollq/workflow';
import type { ColumnTable } from 'arquero';
import { OnlineError } from '../errors.js';
import { buildInferenceDataset, type FeatureFrameCache, isSequenceSpec, stepLenOf } from './inference-dataset.js';

/** Options of {@link updatePredictions} (Qlib's `PredUpdater(record, to_date, from_date, hist_ref)`). */
export interface PredUpdateOptions {
  store: RecorderStore;
  provider: QlibProvider;
  /** Last day to predict (default and upper bound: the calendar's last day). */
  toDate?: string;
  /** Re-predict from this day on (default: the day after the last fully non-NaN prediction). */
  fromDate?: string;
  /** Days of history before the first new day the dataset needs (default: step_len - 1 for TSDatasetH, else 0). */
  histRef?: number;
  components?: TaskComponents;
  /** Artifact to extend (default `pred`). */
  artifact?: string;
  /** Feature frames to reuse and fill (several models of one handler and day compute features once). */
  frames?: FeatureFrameCache;
}

/** What one update did; `null` from {@link updatePredictions} means the predictions were already current. */
export interface PredUpdateResult {
  recorderId: string;
  /** Last day predicted before the update. */
  lastEnd: string;
  /** First and last day predicted now. */
  start: string;
  toDate: string;
  /** Rows written. */
  rows: number;
}

/** Qlib's `last_end`: the last datetime whose row has every value column non-NaN (`dropna().max()`). */
export function lastCompleteDate(table: ColumnTable): string | null {
  const dt = table.array('datetime') as ArrayLike<string>;
  const cols = table
    .columnNames()
    .slice(2)
    .map((c) => table.array(c) as ArrayLike<number | null>);
  let last: string | null = null;
  for (let i = 0; i < table.numRows(); i++) {
    const d = dt[i]!;
    if (last !== null && d <= last) continue;
    if (cols.every((c) => c[i] !== null && c[i] === c[i])) last = d;
  }
  return last;
}

/**
 * Qlib's `PredUpdater.update()`: extends a recorder's predictions to `toDate`, computing features only for
 * the new days plus `histRef` days of history, with the model and processor state saved at training (no
 * re-fit), and merges them with `_replace_range` semantics (the new date range replaces the old rows of
 * that range, everything else is kept as stored). Returns null, writing nothing, when the predictions
 * already reach `toDate`.
 */
export async function updatePredictions(recorderId: string, opts: PredUpdateOptions): Promise<PredUpdateResult | null> {
  const { store, provider } = opts;
  const cal = provider.calendar;
  const latest = cal.dates[cal.dates.length - 1]!;
  // Qlib clips to the last non-future day: there is no data to predict from after it
  const toDate = opts.toDate === undefined || opts.toDate > latest ? latest : cal.dates[cal.bisectRight(opts.toDate) - 1]!;
  const artifact = opts.artifact ?? RECORD_ARTIFACTS.pred;
  const old = await store.loadPredictions(recorderId, artifact);
  let lastEndIdx: number;
  if (opts.fromDate === undefined) {
    const last = lastCompleteDate(old);
    if (last === null) {
      throw new OnlineError('PREDICTIONS_INVALID', `recorder ${recorderId}: "${artifact}" has no complete row to extend from`, {
        hint: 'pass fromDate to re-predict from a given day',
        details: { recorderId },
      });
    }
    lastEndIdx = cal.bisectRight(last) - 1;
  } else {
    // Qlib's get_date_by_shift(from_date, -1, align="right"): the trading day before the first one >= from_date
    lastEndIdx = cal.bisectLeft(opts.fromDate) - 1;
  }
  const toIdx = cal.bisectRight(toDate) - 1;
  if (lastEndIdx >= toIdx) return null;

  const { model, task, datasetState } = await loadRecorderModel(store, recorderId, opts.components);
  try {
    if (datasetState === null) {
      throw new OnlineError('ARTIFACT_NOT_FOUND', `recorder ${recorderId} has no fitted dataset state`, {
        hint: 'retrain the task: the updater needs the processor state saved at training to normalise new days',
        details: { recorderId },
      });
    }
    const histRef = opts.histRef ?? (isSequenceSpec(task.dataset) ? stepLenOf(task.dataset) - 1 : 0);
    const bufferIdx = lastEndIdx + 1 - histRef;
    if (bufferIdx < 0) {
      throw new OnlineError(
        'CONFIG_INVALID',
        `recorder ${recorderId}: ${histRef} days of history before ${cal.dates[lastEndIdx + 1]} reach before the calendar start`,
        {
          hint: 'update from a later date, or lower histRef',
        },
      );
    }
    const start = cal.dates[lastEndIdx + 1]!;
    const ds = buildInferenceDataset(
      task.dataset,
      provider,
      datasetState as HandlerProcessorState,
      { loadStart: cal.dates[bufferIdx]!, start, end: toDate },
      opts.frames,
    );
    const index = ds.prepare('test', 'infer').index;
    const fresh = indexedTable(index, 'score', model.predict(ds, 'test'));
    await store.replacePredictionRange(recorderId, artifact, fresh);
    return { recorderId, lastEnd: cal.dates[lastEndIdx] ?? '', start, toDate, rows: fresh.numRows() };
  } finally {
    model.dispose();
  }
}
