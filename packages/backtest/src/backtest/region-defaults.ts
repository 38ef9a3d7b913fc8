/** A Qlib region (`qlib.constant.REG_CN` / `REG_US` / `REG_TW`). */
export type Region = 'cn' | 'us' | 'tw';

/** The exchange part of {@link RegionDefaults}, as `ExchangeConfig` names it. */
export interface RegionExchangeDefaults {
  dealPrice: string;
  openCost: number;
  closeCost: number;
  minCost: number;
  /** Lot size in real shares; null = no rounding. */
  tradeUnit: number | null;
  /** |$change| at which a stock is limit-up / limit-down; null = no limits. */
  limitThreshold: number | null;
}

/** The backtest set-up rollq uses for a region when the caller gives none. */
export interface RegionDefaults {
  /** Deal price, costs, lot size and price limit. */
  exchange: Readonly<RegionExchangeDefaults>;
  /** Benchmark symbol; null where there is no usual one. */
  benchmark: string | null;
  /** Initial cash. */
  account: number;
  /** TopK-dropout: names held, names replaced per day. */
  strategy: Readonly<{ topk: number; nDrop: number }>;
  /** Trading days per year, for annualised returns (Qlib's `ann_scaler`). */
  annScaler: number;
}

/** The costs of Qlib's benchmark configs (`examples/benchmarks/*.yaml`): the same in every region. */
const QLIB_BENCHMARK_COSTS = { dealPrice: 'close', openCost: 0.0005, closeCost: 0.0015, minCost: 5 } as const;

/** What the Qlib benchmark workflows set besides the exchange: cash, TopK-dropout size, 252 days a year. */
const QLIB_BENCHMARK_RUN = { account: 100_000_000, strategy: { topk: 50, nDrop: 5 }, annScaler: 252 } as const;

function frozen(d: RegionDefaults): RegionDefaults {
  return Object.freeze({ ...d, exchange: Object.freeze({ ...d.exchange }), strategy: Object.freeze({ ...d.strategy }) });
}

/**
 * The one table of backtest defaults per region. Lot size, price limit and deal price are Qlib's
 * `_default_region_config` (qlib/config.py); costs, cash and TopK-dropout size are those of Qlib's
 * benchmark workflows; the benchmark is the region's index (SH000300 for CSI300 data, ^GSPC for the
 * shipped US data; Qlib has none for tw). `ExchangeConfig` / `BacktestConfig` default to `cn`, as Qlib's
 * default region.
 */
export const REGION_DEFAULTS: Readonly<Record<Region, RegionDefaults>> = Object.freeze({
  cn: frozen({
    ...QLIB_BENCHMARK_RUN,
    exchange: { ...QLIB_BENCHMARK_COSTS, tradeUnit: 100, limitThreshold: 0.095 },
    benchmark: 'SH000300',
  }),
  us: frozen({ ...QLIB_BENCHMARK_RUN, exchange: { ...QLIB_BENCHMARK_COSTS, tradeUnit: 1, limitThreshold: null }, benchmark: '^GSPC' }),
  tw: frozen({ ...QLIB_BENCHMARK_RUN, exchange: { ...QLIB_BENCHMARK_COSTS, tradeUnit: 1000, limitThreshold: 0.1 }, benchmark: null }),
});

/** The defaults of `region`; an unknown or missing region gets `cn`'s (Qlib's default region). */
export function regionDefaults(region: string | null | undefined): RegionDefaults {
  return Object.hasOwn(REGION_DEFAULTS, region ?? '') ? REGION_DEFAULTS[region as Region] : REGION_DEFAULTS.cn;
}
