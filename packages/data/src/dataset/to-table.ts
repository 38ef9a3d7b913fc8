import * as aq from 'arquero';
import type { FeatureFrame } from '../features/feature-frame.js';

/**
 * A frame as an arquero table for users (filtering, joins, CSV): columns `datetime` (ISO date),
 * `instrument`, then the frame's columns in order; rows in `(datetime, instrument)` order.
 */
export function toTable(frame: FeatureFrame): aq.ColumnTable {
  const n = frame.rowDate.length;
  const datetime = new Array<string>(n);
  const instrument = new Array<string>(n);
  for (let r = 0; r < n; r++) {
    datetime[r] = frame.calendar[frame.rowDate[r]!]!;
    instrument[r] = frame.instruments[frame.rowInstrument[r]!]!;
  }
  const cols: Record<string, ArrayLike<unknown>> = { datetime, instrument };
  frame.columns.forEach((c, i) => {
    cols[c] = frame.values[i]!;
  });
  return aq.table(cols);
}
