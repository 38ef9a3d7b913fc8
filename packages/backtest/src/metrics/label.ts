import { evaluateSeries, type QlibProvider } from '@rollq/data/provider';

/** A label series of one symbol, calendar length (NaN where unknown). */
export type LabelLoader = (symbol: string) => Float64Array;

/**
 * Qlib's default label `Ref($close, -2) / Ref($close, -1) - 1`, from the stored close array: the return
 * from the close of t+1 (when a signal of t is traded) to the close of t+2. Days before the symbol's
 * first stored row have no label, as in Qlib, whose expressions only see the stored range. With `span`,
 * only calendar positions `span.from..span.to` get a label (NaN elsewhere): an IC over a backtest window
 * needs no label for the rest of the history.
 */
export function closeReturnLabel(provider: QlibProvider, span?: { from: number; to: number }): LabelLoader {
  const n = provider.calendar.length;
  // the arrays are views of a few buffers (of 4, 8, … up to 64 symbols each): a run's ~500 labels share ~12
  // backing stores instead of one each, which the young-generation GC would sweep one by one
  let pool = new Float64Array(0);
  let symbolsPerPool = 2;
  let used = 0;
  return (symbol) => {
    if (used === pool.length) {
      symbolsPerPool = Math.min(64, 2 * symbolsPerPool);
      pool = new Float64Array(symbolsPerPool * n).fill(NaN);
      used = 0;
    }
    const out = pool.subarray(used, used + n);
    used += n;
    const s = provider.loadField(symbol, 'close');
    if (!s) return out;
    // straight from the stored series (value k at calendar position start + k), not a calendar-length copy
    const { start, values } = s;
    const first = Math.max(start, span ? span.from : 0);
    const stop = Math.min(n, start + values.length, span ? span.to + 3 : n) - 2;
    for (let t = first; t < stop; t++) out[t] = values[t + 2 - start]! / values[t + 1 - start]! - 1;
    return out;
  };
}

/** A label from any expression (`--label`), evaluated per symbol by the data package's expression engine. */
export function expressionLabel(provider: QlibProvider, expr: string): LabelLoader {
  return (symbol) => evaluateSeries(provider, expr, symbol);
}
