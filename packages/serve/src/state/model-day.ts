import { type QlibProvider, toPredictionColumns } from '@rollq/data';
import { buildInferenceDataset, type FeatureFrameCache, isSequenceSpec, stepLenOf } from '@rollq/online';
import { indexedTable, type RecorderModel } from '@rollq/workflow';
import type { ColumnTable } from 'arquero';
import { ServeError } from '../errors.js';

/** One model's scores of one day, as plain arrays (what a prediction worker sends back). */
export interface DayScores {
  instruments: string[];
  scores: Float64Array;
}

/** The rows of `date` of a prediction table (`datetime, instrument, score`). */
export function dayScoresOfTable(t: ColumnTable, date: string): DayScores {
  const cols = toPredictionColumns(t);
  const keep: number[] = [];
  for (let i = 0; i < cols.datetime.length; i++) if (cols.datetime[i] === date) keep.push(i);
  const score = cols.values.get('score')!;
  return {
    instruments: keep.map((i) => cols.instrument[i]!),
    scores: Float64Array.from(keep, (i) => score[i]!),
  };
}

/**
 * Qlib's PredUpdater for one day and one model, in memory: features of that day (plus a sequence model's
 * lookback), then predict. The one implementation of a computed day: the server's thread (`predict.workers:
 * 0`) and the prediction workers both call it.
 */
export function computeModelDay(
  recorderId: string,
  loaded: RecorderModel,
  provider: QlibProvider,
  date: string,
  frames?: FeatureFrameCache,
): DayScores {
  const { model, task, datasetState } = loaded;
  if (datasetState === null) {
    throw new ServeError('DATASET_STATE_MISSING', `recorder ${recorderId} has no fitted dataset state to predict new days with`, {
      hint: 'retrain the task; until then /predict answers only the days its predictions hold',
    });
  }
  const cal = provider.calendar;
  const histRef = isSequenceSpec(task.dataset) ? stepLenOf(task.dataset) - 1 : 0;
  const idx = cal.indexOf(date);
  const loadStart = cal.dates[Math.max(0, idx - histRef)]!;
  const ds = buildInferenceDataset(task.dataset, provider, datasetState as never, { loadStart, start: date, end: date }, frames);
  const index = ds.prepare('test', 'infer').index;
  return dayScoresOfTable(indexedTable(index, 'score', model.predict(ds, 'test')), date);
}
