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
    // each field of every symbol in one buffer (a symbol's row is a view): ~2.5k arrays of a US run share five
    // backing stores instead of one each, which the young-generation GC would otherwise sweep one by one
    const rows = () => {
      const all = new Float64Array(symbols.length * days).fill(NaN);
      return (i: number) => all.subarray(i * days, (i + 1) * days);
    };
    const [closeRow, priceRow, factorRow, changeRow, volumeRow] = [rows(), rows(), rows(), rows(), rows()];
    const field = (s: string, f: string, out: Float64Array) => sliceField(provider, s, f, from, out);
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
    for (let i = 0; i < symbols.length; i++) {
      const s = symbols[i]!;
      index.set(s, i);
      const close = field(s, 'close', closeRow(i));
      const factor = field(s, 'factor', factorRow(i));
      for (let d = 0; d < days; d++) if (Number.isNaN(factor[d]!) && !Number.isNaN(close[d]!)) adjustedPriceMode = true;
      out.close.push(close);
      out.price.push(dealPrice === null ? close : cutRange(dealPrice(s), from, priceRow(i)));
      out.factor.push(factor);
      const fromClose = changeFromClose(close, lastCloseBefore(provider, s, from), changeRow(i));
      if (provider.loadField(s, 'change')) {
        const stored = field(s, 'change', new Float64Array(days).fill(NaN));
        if (isPercentScale(stored, fromClose)) {
          percentChange.push(s);
          for (let d = 0; d < days; d++) stored[d] = stored[d]! / 100;
        }
        fromClose.set(stored);
      }
      out.change.push(fromClose);
      out.volume.push(field(s, 'volume', volumeRow(i)));
    }
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
 * One stored field cut to calendar positions `[from, from + out.length)`, written into `out` (NaN-filled),
 * read straight from the stored series: building calendar-length arrays first would allocate (and collect)
 * ~150 MB per CSI300 run.
 */
function sliceField(provider: QlibProvider, symbol: string, field: string, from: number, out: Float64Array): Float64Array {
  const s = provider.loadField(symbol, field);
  if (!s) return out;
  const lo = Math.max(from, s.start);
  const hi = Math.min(from + out.length - 1, s.start + s.values.length - 1);
  for (let p = lo; p <= hi; p++) out[p - from] = s.values[p - s.start]!;
  return out;
}

/** Calendar positions `[from, from + out.length)` of a calendar-length series, copied into `out`. */
function cutRange(a: Float64Array, from: number, out: Float64Array): Float64Array {
  out.set(a.subarray(from, from + out.length));
  return out;
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

/** close / previous stored close − 1 (Qlib's collector computes `$change` this way before adjustment), into `out`. */
function changeFromClose(close: Float64Array, prevClose: number, out: Float64Array): Float64Array {
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
