import { makePredictionTable, readPredictionColumns } from '@rollq/data';
import { ColumnTable } from 'arquero';
import { EnsembleError } from './errors.js';
import { flattenRecord } from './flatten.js';
import { type PredictionTable, unionIndex } from './prediction-table.js';
import { dateGroups, zscoreByGroup } from './zscore.js';

/** Nested records of prediction tables (`{strategy: {model: table}}`), as collectors produce them. */
export interface NestedPredictions {
  [key: string]: PredictionTable | NestedPredictions;
}

const isTable = (v: unknown): v is PredictionTable => v instanceof ColumnTable;

/**
 * Qlib's `AverageEnsemble`: flattens the nested predictions, outer-joins every value column of every
 * table on `(datetime, instrument)`, z-scores each column per date (NaN skipped, ddof = 1, so a date
 * with one instrument gives NaN), then averages the columns present on each row. Output:
 * `datetime, instrument, score`, sorted; rows where no column has a value keep a NaN score.
 *
 * @example
 * ```ts
 * // nested records are flattened first: gbdt's table and both of mlp's count as one column each
 * const signal = averageEnsemble({ gbdt: gbdtPreds, mlp: { seed0: mlpPreds0, seed1: mlpPreds1 } });
 * signal.columnNames(); // ['datetime', 'instrument', 'score']
 * ```
 */
export function averageEnsemble(predictions: NestedPredictions): PredictionTable {
  const flat = flattenRecord(predictions, isTable);
  const parts = Object.entries(flat).map(([k, t]) => readPredictionColumns(t, `prediction "${k}"`));
  if (parts.length === 0) {
    throw new EnsembleError('TABLE_INVALID', 'averageEnsemble got no prediction tables', { hint: 'collect at least one prediction table' });
  }
  const index = unionIndex(parts);
  const n = index.datetime.length;
  const groups = dateGroups(index.datetime);
  const sum = new Float64Array(n);
  const count = new Float64Array(n);
  parts.forEach((p, pi) => {
    const rows = index.rowsOf[pi]!;
    for (const v of p.values.values()) {
      const col = new Float64Array(n).fill(NaN);
      for (let i = 0; i < rows.length; i++) col[rows[i]!] = v[i]!;
      zscoreByGroup(col, groups);
      for (let i = 0; i < n; i++) {
        const z = col[i]!;
        if (z === z) {
          sum[i]! += z;
          count[i]! += 1;
        }
      }
    }
  });
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) score[i] = count[i]! > 0 ? sum[i]! / count[i]! : NaN;
  return makePredictionTable(index.datetime, index.instrument, { score });
}
