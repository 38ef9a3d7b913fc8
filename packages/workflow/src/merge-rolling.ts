import { rollingEnsemble } from '@rollq/ensemble';
import type { ColumnTable } from 'arquero';

/**
 * Qlib's `RollingEnsemble` on the per-model test predictions of a rolling run, in the order the tasks ran:
 * parts are ordered by their first date, concatenated, and where two parts share a `(datetime, instrument)`
 * the later part wins; rows come out sorted by `(datetime, instrument)`. A thin adapter over
 * `@rollq/ensemble`'s `rollingEnsemble` (keys keep the task order for its stable tie-break).
 */
export function mergeRollingPredictions(parts: readonly ColumnTable[]): ColumnTable {
  return rollingEnsemble(Object.fromEntries(parts.map((t, i) => [`part-${String(i).padStart(5, '0')}`, t]))) as ColumnTable;
}
