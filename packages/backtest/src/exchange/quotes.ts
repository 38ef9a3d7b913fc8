import type { QlibProvider } from '@rollq/data/provider';
import { BacktestError } from '../errors.js';

/** Loads one price series (calendar length, NaN where missing) for a symbol; the deal-price hook. */
export type SeriesLoader = (symbol: string) => Float64Array;

/**
 * The quote arrays the exchange reads, one typed array per instrument and field, cut to the backtest's
 * calendar positions `[from, to]` (local day `d` = calendar position `from + d`). Loading everything once
 * up front is what makes the daily loop cheap: Qlib's slowest step is quote lookup (issue #8).
 */
export class Quotes {
  /** First calendar position covered (local day 0). */
  readonly from: number;
  /** Number of days covered. */
  readonly days: number;
  readonly symbols: readonly string[];
  readonly close: Float64Array[];
  readonly price: Float64Array[];
  readonly factor: Float64Array[];
  readonly change: Float64Array[];
  readonly volume: Float64Array[];
  /** True when some `$factor` is NaN where `$close` is not: Qlib then trades adjusted prices without lots. */
  readonly adjustedPriceMode: boolean;
  /** Symbols whose stored `$change` is in percent (100 × the fraction) and was rescaled to a fraction. */
  readonly percentChange: readonly string[];
  private readonly index: Map<string, number>;

  private constructor(init: Omit<Quotes, 'indexOf' | 'has' | 'index'> & { index: Map<string, number> }) {
    this.from = init.from;
    this.days = init.days;
    this.symbols = init.symbols;
    this.close = init.close;
    this.price = init.price;
    this.factor = init.factor;
    this.change = init.change;
    this.volume = init.volume;
    this.adjustedPriceMode = init.adjustedPriceMode;
    this.percentChange = init.percentChange;
    this.index = init.index;
  }

  /**
   * Reads close, deal price, factor, change and volume of `symbols` for calendar positions `[from, to]`.
   * `dealPrice` null deals at the close. `$change` falls back to close / previous close − 1 when the data
   * has no change field. A symbol the
   * provider does not know gets all-NaN arrays: it is suspended on every day, as in Qlib.
   */
  static load(provider: QlibProvider, symbols: readonly string[], from: number, to: number, dealPrice: SeriesLoader | null): Quotes {
    if (to < from) {
      throw new BacktestError('RANGE_INVALID', `backtest range is empty (calendar positions ${from}..${to})`, {
        hint: 'choose --start before --end, with at least one trading day between them',
      });
    }
    const days = to - from + 1;
    const field = (s: string, f: string) => sliceField(provider, s, f, from, to);
    const out = {
      close: [] as Float64Array[],
      price: [] as Float64Array[],
      factor: [] as Float64Array[],
      change: [] as Float64Array[],
      volume: [] as Float64Array[],
    };
    const index = new Map<string, number>();
    let adjustedPriceMode = false;
    const percentChange: string[] = [];
    symbols.forEach((s, i) => {
      index.set(s, i);
      const close = field(s, 'close');
      const factor = field(s, 'factor');
      for (let d = 0; d < days; d++) if (Number.isNaN(factor[d]!) && !Number.isNaN(close[d]!)) adjustedPriceMode = true;
      out.close.push(close);
      out.price.push(dealPrice === null ? close : cutRange(dealPrice(s), from, to));
      out.factor.push(factor);
      const fromClose = changeFromClose(close, lastCloseBefore(provider, s, from));
      if (provider.loadField(s, 'change')) {
        const stored = field(s, 'change');
        if (isPercentScale(stored, fromClose)) {
          percentChange.push(s);
          for (let d = 0; d < days; d++) stored[d] = stored[d]! / 100;
        }
        out.change.push(stored);
      } else out.change.push(fromClose);
      out.volume.push(field(s, 'volume'));
    });
    return new Quotes({ from, days, symbols: [...symbols], ...out, adjustedPriceMode, percentChange, index });
  }

  /** Instrument index of a symbol, or -1. */
  indexOf(symbol: string): number {
    return this.index.get(symbol) ?? -1;
  }

  has(symbol: string): boolean {
    return this.index.has(symbol);
  }
}

/**
 * One stored field cut to calendar positions `[from, to]`, read straight from the stored series: building
 * calendar-length arrays first would allocate (and collect) ~150 MB per CSI300 run.
 */
function sliceField(provider: QlibProvider, symbol: string, field: string, from: number, to: number): Float64Array {
  const out = new Float64Array(to - from + 1).fill(NaN);
  const s = provider.loadField(symbol, field);
  if (!s) return out;
  const lo = Math.max(from, s.start);
  const hi = Math.min(to, s.start + s.values.length - 1);
  for (let p = lo; p <= hi; p++) out[p - from] = s.values[p - s.start]!;
  return out;
}

function cutRange(a: Float64Array, from: number, to: number): Float64Array {
  return a.slice(from, to + 1);
}

/** The last non-NaN close before calendar position `from` (NaN when there is none). */
function lastCloseBefore(provider: QlibProvider, symbol: string, from: number): number {
  const s = provider.loadField(symbol, 'close');
  if (!s) return NaN;
  for (let p = Math.min(from - 1, s.start + s.values.length - 1); p >= s.start; p--) {
    const v = s.values[p - s.start]!;
    if (!Number.isNaN(v)) return v;
  }
  return NaN;
}

/** close / previous stored close − 1 (Qlib's collector computes `$change` this way before adjustment). */
function changeFromClose(close: Float64Array, prevClose: number): Float64Array {
  const out = new Float64Array(close.length).fill(NaN);
  let prev = prevClose;
  for (let d = 0; d < close.length; d++) {
    const c = close[d]!;
    out[d] = c / prev - 1;
    // a suspended day (NaN close) keeps the last close, like the collector's ffill
    if (!Number.isNaN(c)) prev = c;
  }
  return out;
}

/**
 * Whether a stored `$change` is in percent: some Qlib data sets (e.g. the CSI300 set in ../shared) store
 * 100 × (close / prev − 1), which would put every move over 0.095 % "at the limit". Decided by which
 * scale the stored values sit closer to on the days where both are known and the move is not tiny.
 */
function isPercentScale(stored: Float64Array, fromClose: Float64Array): boolean {
  let percent = 0;
  let fraction = 0;
  for (let d = 0; d < stored.length; d++) {
    const c = stored[d]!;
    const f = fromClose[d]!;
    if (!Number.isFinite(c) || !Number.isFinite(f) || Math.abs(f) < 1e-3) continue;
    if (Math.abs(c - 100 * f) < Math.abs(c - f)) percent++;
    else fraction++;
  }
  return percent > fraction;
}
