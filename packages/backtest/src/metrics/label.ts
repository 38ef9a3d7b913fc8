import { evaluateSeries, type QlibProvider } from '@rollq/data/provider';

/**
 * A label series of one symbol, calendar length (NaN where unknown). A loader may also label many symbols at once
 * (`matrix`), which {@link labelMatrix} then uses.
 */
export type LabelLoader = ((symbol: string) => Float64Array) & { matrix?: (symbols: readonly string[]) => Float64Array[] };

/**
 * Qlib's default label `Ref($close, -2) / Ref($close, -1) - 1`, from the stored close array: the return
 * from the close of t+1 (when a signal of t is traded) to the close of t+2. Days before the symbol's
 * first stored row have no label, as in Qlib, whose expressions only see the stored range. With `span`,
 * only calendar positions `span.from..span.to` get a label (NaN elsewhere): an IC over a backtest window
 * needs no label for the rest of the history.
 */
export function closeReturnLabel(provider: QlibProvider, span?: { from: number; to: number }): LabelLoader {
  const n = provider.calendar.length;
  // every symbol in one loop, the arrays views of one buffer: the JIT optimises one long loop sooner than ~500
  // short calls (this runs once per command), and the GC sweeps one backing store instead of one per symbol
  const matrix = (symbols: readonly string[]): Float64Array[] => {
    const all = new Float64Array(symbols.length * n).fill(NaN);
    const rows = new Array<Float64Array>(symbols.length);
    for (let i = 0; i < symbols.length; i++) {
      const out = all.subarray(i * n, (i + 1) * n);
      rows[i] = out;
      const s = provider.loadField(symbols[i]!, 'close');
      if (!s) continue;
      // straight from the stored series (value k at calendar position start + k), not a calendar-length copy
      const { start, values } = s;
      const first = Math.max(start, span ? span.from : 0);
      const stop = Math.min(n, start + values.length, span ? span.to + 3 : n) - 2;
      for (let t = first; t < stop; t++) out[t] = values[t + 2 - start]! / values[t + 1 - start]! - 1;
    }
    return rows;
  };
  return Object.assign((symbol: string) => matrix([symbol])[0]!, { matrix });
}

/** A label from any expression (`--label`), evaluated per symbol by the data package's expression engine. */
export function expressionLabel(provider: QlibProvider, expr: string): LabelLoader {
  return (symbol) => evaluateSeries(provider, expr, symbol);
}
