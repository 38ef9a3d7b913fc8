import type { RowIndex } from '@rollq/data';
import { table as aqTable, type ColumnTable } from 'arquero';
import { WorkflowError } from '../errors.js';
import { formatTableHead } from '../format.js';
import { RECORD_ARTIFACTS, type RecordContext, type WorkflowRecord } from './record.js';

/**
 * Qlib's `SignalRecord`: predict the test segment, save `pred` (datetime, instrument, score) and `label`
 * (datetime, instrument, LABEL0: the label of the dataset's infer view, i.e. before learn-only processors
 * such as CSRankNorm, Qlib's raw `DK_R` label in the usual configs), and print the head of the predictions.
 */
export class SignalRecord implements WorkflowRecord {
  readonly name = 'SignalRecord';

  async generate(ctx: RecordContext): Promise<void> {
    const { model, dataset } = ctx;
    if (!model || !dataset) {
      throw new WorkflowError('RECORD_INVALID', 'SignalRecord needs the trained model and its dataset', {
        hint: 'list SignalRecord in task.record of a task that trains a model (kwargs model: <MODEL>, dataset: <DATASET>)',
      });
    }
    const test = dataset.prepare('test', 'infer');
    const score = model.predict(dataset, 'test');
    const pred = indexedTable(test.index, 'score', score);
    const label = indexedTable(test.index, 'LABEL0', Float64Array.from(test.y));
    await ctx.store.savePredictions(ctx.recorderId, RECORD_ARTIFACTS.pred, pred);
    await ctx.store.savePredictions(ctx.recorderId, RECORD_ARTIFACTS.label, label);
    ctx.report(`The following are prediction results of the ${model.className} model.\n${formatTableHead(pred, 5)}\n`);
  }
}

/** A `datetime, instrument, <column>` table over a dataset's row index. */
export function indexedTable(index: RowIndex, column: string, values: Float64Array): ColumnTable {
  const n = index.rowDate.length;
  const datetime = new Array<string>(n);
  const instrument = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    datetime[i] = index.calendar[index.rowDate[i]!]!;
    instrument[i] = index.instruments[index.rowInstrument[i]!]!;
  }
  return aqTable({ datetime, instrument, [column]: values });
}
