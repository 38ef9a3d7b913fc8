import type { QlibProvider } from '@rollq/data';
import { Signal } from '../src/signal/signal.js';
import { type SymbolFields, weekdays, writeQlibDir } from './qlib-dir.js';

/** The synthetic market of research §4.9 (6 stocks + SH000300 over 30 weekdays from 2020-01-02). */
export function goldenProvider(): QlibProvider {
  const dates = weekdays('2020-01-02', 30);
  const T = dates.length;
  const symbols: Record<string, SymbolFields> = {};
  for (let i = 0; i < 6; i++) {
    const f = { close: nan(T), open: nan(T), high: nan(T), low: nan(T), volume: nan(T), factor: nan(T), vwap: nan(T), change: nan(T) };
    let prev = NaN;
    for (let t = 0; t < T; t++) {
      if ((i === 5 && t < 4) || (i === 2 && (t === 8 || t === 9))) continue;
      let close = (i + 1) * 10 * (1 + 0.01 * (((t * (2 * i + 3)) % 11) - 5));
      if (i === 3 && t === 12) close = prev * 1.1;
      const open = close * (1 + 0.005 * (((t + i) % 5) - 2));
      const high = Math.max(open, close) * 1.01;
      const low = Math.min(open, close) * 0.99;
      f.close[t] = close;
      f.open[t] = open;
      f.high[t] = high;
      f.low[t] = low;
      f.volume[t] = 1e6 * (1 + 0.1 * i) + 1e4 * t;
      f.factor[t] = i === 1 ? 0.5 : 1;
      f.vwap[t] = (open + high + low + close) / 4;
      f.change[t] = close / prev - 1;
      prev = close;
    }
    symbols[`SH60000${i}`] = f;
  }
  const b = { close: nan(T), open: nan(T), high: nan(T), low: nan(T), volume: nan(T), factor: nan(T), vwap: nan(T), change: nan(T) };
  for (let t = 0; t < T; t++) {
    const c = 4000 * (1 + 0.001 * t + 0.005 * (((5 * t) % 7) - 3));
    b.close[t] = b.open[t] = b.high[t] = b.low[t] = b.vwap[t] = c;
    b.volume[t] = 1e9;
    b.factor[t] = 1;
    b.change[t] = t === 0 ? NaN : c / b.close[t - 1]! - 1;
  }
  symbols.SH000300 = b;
  return writeQlibDir(dates, symbols);
}

/** The §4.9 signal: score(i, t) = ((t·(i+1)·7) mod 13)/13 + 0.001·i for every day and stock. */
export function goldenSignal(days = 30): Signal {
  const rows: Array<{ pos: number; instrument: string; score: number }> = [];
  for (let t = 0; t < days; t++) {
    for (let i = 0; i < 6; i++) rows.push({ pos: t, instrument: `SH60000${i}`, score: ((t * (i + 1) * 7) % 13) / 13 + 0.001 * i });
  }
  return Signal.fromRows(rows);
}

function nan(n: number): number[] {
  return new Array<number>(n).fill(NaN);
}
