import type { QlibProvider } from '@rollq/data/provider';
import { BacktestError } from '../errors.js';

/**
 * Which benchmark to compare with: an instrument in the data (`SH000300`, `^GSPC`), a comma-separated list
 * (averaged per day, as Qlib does for a list), `market:<name>` (equal-weight mean of the market's members
 * on each day), `equal-weight` (equal-weight mean of the prediction universe) or null (none: bench = 0).
 */
export type BenchmarkSpec = string | null;

/**
 * Daily benchmark returns for calendar positions `[from, to]`: `$close / Ref($close, 1) − 1` per symbol,
 * averaged over the symbols with a value that day, and 0 where none has one (Qlib's `fillna(0)`).
 */
export function benchmarkReturns(
  provider: QlibProvider,
  spec: BenchmarkSpec,
  from: number,
  to: number,
  universe: readonly string[],
): Float64Array {
  const out = new Float64Array(to - from + 1);
  if (spec === null) return out;
  let members: Array<{ symbol: string; spans: Array<[number, number]> | null }>;
  if (spec === 'equal-weight') members = universe.map((symbol) => ({ symbol, spans: null }));
  else if (spec.startsWith('market:')) {
    members = [...provider.listInstruments(spec.slice(7), from, to)].map(([symbol, spans]) => ({ symbol, spans }));
  } else {
    members = spec.split(',').map((s) => ({ symbol: s.trim().toUpperCase(), spans: null }));
    for (const m of members) {
      if (!provider.hasSymbol(m.symbol)) {
        throw new BacktestError('BENCHMARK_NOT_FOUND', `benchmark ${m.symbol} is not in the data at ${provider.root}`, {
          hint: 'pass --benchmark with an index the data holds (SH000300 for CN, ^GSPC for US), market:<name> or equal-weight for an equal-weight market, or none',
        });
      }
    }
  }
  const sum = new Float64Array(out.length);
  const count = new Int32Array(out.length);
  for (const m of members) {
    const close = provider.loadAligned(m.symbol, 'close');
    for (let p = Math.max(from, 1); p <= to; p++) {
      if (m.spans && !m.spans.some(([a, b]) => p >= a && p <= b)) continue;
      const r = close[p]! / close[p - 1]! - 1;
      if (Number.isNaN(r) || !Number.isFinite(r)) continue;
      sum[p - from] += r;
      count[p - from]++;
    }
  }
  for (let d = 0; d < out.length; d++) out[d] = count[d] ? sum[d]! / count[d]! : 0;
  return out;
}
