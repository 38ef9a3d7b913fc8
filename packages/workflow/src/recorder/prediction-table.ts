import { fromPredictionColumns, type PredictionColumns, toPredictionColumns } from '@rollq/data';
import { fromArrow, fromCSV, toArrowIPC, toCSV } from 'arquero';

/** How a prediction table is stored: Arrow IPC (default: exact floats, fast) or CSV (readable anywhere). */
export type PredictionFormat = 'arrow' | 'csv';

/** File extension of each format; `loadPredictions` looks for `<name>.arrow`, then `<name>.csv`. */
export const PREDICTION_EXTENSIONS: Record<PredictionFormat, string> = { arrow: '.arrow', csv: '.csv' };

/** Encodes the columns in `format`. */
export function encodePredictions(c: PredictionColumns, format: PredictionFormat): Uint8Array {
  const t = fromPredictionColumns(c);
  return format === 'arrow' ? toArrowIPC(t) : new TextEncoder().encode(toCSV(t));
}

/** Decodes bytes stored in `format` back to sorted {@link PredictionColumns}. */
export function decodePredictions(bytes: Uint8Array, format: PredictionFormat): PredictionColumns {
  if (format === 'arrow') return toPredictionColumns(fromArrow(bytes));
  const text = new TextDecoder().decode(bytes);
  const header = text.slice(0, text.indexOf('\n') >>> 0).split(',');
  // Keys must stay strings: CSV type inference would turn 2020-01-02 into a Date and 000001 into 1.
  const parse: Record<string, (s: string) => unknown> = { datetime: String, instrument: String };
  for (const name of header.slice(2)) parse[name.trim()] = (s: string) => (s === '' ? Number.NaN : Number(s));
  return toPredictionColumns(fromCSV(text, { parse }));
}
