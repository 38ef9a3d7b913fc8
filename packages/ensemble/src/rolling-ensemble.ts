import { makePredictionTable, type PredictionColumns, readPredictionColumns } from '@rollq/data';
import { EnsembleError } from './errors.js';
import { type PredictionTable, unionIndex } from './prediction-table.js';

/**
 * Qlib's `RollingEnsemble`: concatenates the predictions of consecutive rolling models into one
 * table. Parts are ordered by their first date (stable, so ties keep record order) and, where two
 * parts predict the same `(datetime, instrument)`, the later one — the newer model — wins. The
 * result is sorted by datetime, then instrument. Every part must have the same value columns.
 *
 * @example
 * ```ts
 * // the test-window predictions of three consecutive rolling models, in any key order
 * const preds = rollingEnsemble({ r0: predsJanToMar, r1: predsAprToJun, r2: predsJulToSep });
 * ```
 */
export function rollingEnsemble(parts: Record<string, PredictionTable>): PredictionTable {
  const entries = Object.entries(parts);
  if (entries.length === 0) {
    throw new EnsembleError('TABLE_INVALID', 'rollingEnsemble got no prediction tables', {
      hint: 'collect at least one rolling prediction',
    });
  }
  const cols = entries.map(([k, t]) => ({ key: k, c: readPredictionColumns(t, `rolling part "${k}"`) }));
  const namesOf = (c: PredictionColumns) => [...c.values.keys()];
  const names = namesOf(cols[0]!.c);
  for (const { key, c } of cols) {
    if (namesOf(c).join('\u0000') !== names.join('\u0000')) {
      throw new EnsembleError(
        'TABLE_INVALID',
        `rolling part "${key}" has columns ${namesOf(c).join(', ')} but "${cols[0]!.key}" has ${names.join(', ')}`,
        {
          hint: 'every rolling model must predict the same columns',
        },
      );
    }
  }
  // An empty part has no first date; pandas gives NaT and it contributes nothing either way.
  const firstDate = (c: PredictionColumns) => c.datetime.reduce((m, d) => (d < m ? d : m), c.datetime[0] ?? '');
  const ordered = cols.map((x) => ({ ...x, first: firstDate(x.c) })).sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));

  const index = unionIndex(ordered.map((x) => x.c));
  const out = names.map(() => new Float64Array(index.datetime.length).fill(NaN));
  // later parts overwrite earlier ones: pandas' duplicated(keep="last") on the concatenation
  ordered.forEach(({ c }, p) => {
    const rows = index.rowsOf[p]!;
    for (let j = 0; j < names.length; j++) {
      const src = c.values.get(names[j]!)!;
      const dst = out[j]!;
      for (let i = 0; i < rows.length; i++) dst[rows[i]!] = src[i]!;
    }
  });
  return makePredictionTable(index.datetime, index.instrument, Object.fromEntries(names.map((n, j) => [n, out[j]!])));
}
