import { DataError } from '../errors.js';
import { comparePredictionKeys, type PredictionColumns } from './prediction-columns.js';

/** How rows of new predictions join stored ones: Qlib's recorder append and PredUpdater's replace-range. */

function invalid(message: string, hint: string, details?: Record<string, unknown>): DataError {
  return new DataError('PREDICTIONS_INVALID', message, { hint, details });
}

/**
 * Returns `base` plus the rows of `extra` whose `(datetime, instrument)` is not in `base` (first
 * occurrence wins inside `extra`), sorted, and how many were added. Rows of `base` are kept bit for bit.
 * Both inputs are sorted, so this is one merge pass with no key hashing: O(n) string comparisons.
 */
export function appendNewRows(base: PredictionColumns, extra: PredictionColumns): { merged: PredictionColumns; added: number } {
  const bNames = [...base.values.keys()].join(',');
  const eNames = [...extra.values.keys()].join(',');
  if (bNames !== eNames) {
    throw invalid(
      `appended columns [${eNames}] differ from stored columns [${bNames}]`,
      'append a table with the same value columns, in the same order',
      { stored: bNames, appended: eNames },
    );
  }
  const nb = base.datetime.length;
  const ne = extra.datetime.length;
  // order[k] >= 0: output row k is extra row order[k]; otherwise it is base row -order[k] - 1.
  const order = new Int32Array(nb + ne);
  let n = 0;
  let added = 0;
  let i = 0;
  for (let j = 0; j < ne; j++) {
    while (i < nb && comparePredictionKeys(base, i, extra, j) < 0) order[n++] = -i++ - 1;
    const stored = i < nb && comparePredictionKeys(base, i, extra, j) === 0;
    const repeat = j > 0 && comparePredictionKeys(extra, j - 1, extra, j) === 0;
    if (!stored && !repeat) {
      order[n++] = j;
      added++;
    }
  }
  if (added === 0) return { merged: base, added: 0 };
  while (i < nb) order[n++] = -i++ - 1;
  const datetime = new Array<string>(n);
  const instrument = new Array<string>(n);
  for (let k = 0; k < n; k++) {
    const r = order[k];
    datetime[k] = r >= 0 ? extra.datetime[r] : base.datetime[-r - 1];
    instrument[k] = r >= 0 ? extra.instrument[r] : base.instrument[-r - 1];
  }
  const values = new Map<string, Float64Array>();
  for (const [name, b] of base.values) {
    const e = extra.values.get(name)!;
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const r = order[k];
      out[k] = r >= 0 ? e[r] : b[-r - 1];
    }
    values.set(name, out);
  }
  return { merged: { datetime, instrument, values }, added };
}

/**
 * Qlib's `_replace_range` (PredUpdater): every row of `base` whose datetime lies in `[min, max]` of
 * `extra`'s dates is dropped (all instruments, even those `extra` lacks), then `extra` is merged in
 * (later row wins on a repeated key). Rows outside that range are kept bit for bit. Returns the
 * merged columns and how many base rows were dropped.
 */
export function replaceDateRange(base: PredictionColumns, extra: PredictionColumns): { merged: PredictionColumns; replaced: number } {
  const bNames = [...base.values.keys()].join(',');
  const eNames = [...extra.values.keys()].join(',');
  if (bNames !== eNames) {
    throw invalid(
      `replacing columns [${eNames}] differ from stored columns [${bNames}]`,
      'give a table with the same value columns, in the same order',
      { stored: bNames, given: eNames },
    );
  }
  if (extra.datetime.length === 0) return { merged: base, replaced: 0 };
  // both are sorted by datetime, so the range is [first, last] of extra and the kept base rows are a prefix + suffix
  const lo = extra.datetime[0]!;
  const hi = extra.datetime[extra.datetime.length - 1]!;
  const nb = base.datetime.length;
  let a = 0;
  while (a < nb && base.datetime[a]! < lo) a++;
  let b = a;
  while (b < nb && base.datetime[b]! <= hi) b++;
  // keep the last occurrence of a repeated key inside extra (pandas `duplicated(keep="last")`)
  const keep: number[] = [];
  for (let j = 0; j < extra.datetime.length; j++) {
    const next = j + 1 < extra.datetime.length && comparePredictionKeys(extra, j, extra, j + 1) === 0;
    if (!next) keep.push(j);
  }
  const n = a + keep.length + (nb - b);
  const datetime = [...base.datetime.slice(0, a), ...keep.map((j) => extra.datetime[j]!), ...base.datetime.slice(b)];
  const instrument = [...base.instrument.slice(0, a), ...keep.map((j) => extra.instrument[j]!), ...base.instrument.slice(b)];
  const values = new Map<string, Float64Array>();
  for (const [name, col] of base.values) {
    const e = extra.values.get(name)!;
    const out = new Float64Array(n);
    out.set(col.subarray(0, a), 0);
    for (let k = 0; k < keep.length; k++) out[a + k] = e[keep[k]!]!;
    out.set(col.subarray(b), a + keep.length);
    values.set(name, out);
  }
  return { merged: { datetime, instrument, values }, replaced: b - a };
}
