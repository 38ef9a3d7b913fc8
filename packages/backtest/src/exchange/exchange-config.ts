import { z } from '@rollq/data/zod';
import { REGION_DEFAULTS } from '../backtest/region-defaults.js';

/** Defaults: the `cn` row of {@link REGION_DEFAULTS} (Qlib's default region). */
const CN = REGION_DEFAULTS.cn.exchange;

/**
 * Exchange settings, Qlib's `exchange_kwargs`. Defaults are the ones of Qlib's CSI300 benchmark configs
 * (`examples/benchmarks/*.yaml`, the `cn` row of `REGION_DEFAULTS`): deal at the close, 5 bp to open,
 * 15 bp to close, at least 5 per order, lots of 100 real shares and a ±9.5 % limit.
 */
export const ExchangeConfig = z
  .object({
    dealPrice: z
      .string()
      .min(1)
      .default(CN.dealPrice)
      .describe('price orders fill at: `close`, `open`, `vwap`, any stored `$field`, or an expression. Default `close`.'),
    openCost: z.number().min(0).max(1).default(CN.openCost).describe('cost rate of a buy, fraction of its value. Default 0.0005.'),
    closeCost: z.number().min(0).max(1).default(CN.closeCost).describe('cost rate of a sell, fraction of its value. Default 0.0015.'),
    minCost: z.number().min(0).default(CN.minCost).describe('minimum cost of any filled order, in account currency. Default 5.'),
    impactCost: z
      .number()
      .min(0)
      .default(0)
      .describe('market impact: extra cost rate impactCost × (order value / day value traded)². Default 0.'),
    tradeUnit: z
      .number()
      .positive()
      .nullable()
      .default(CN.tradeUnit)
      .describe('lot size in real (unadjusted) shares; null disables rounding. Default 100 (Qlib cn; use 1 for US).'),
    limitThreshold: z
      .number()
      .positive()
      .nullable()
      .default(CN.limitThreshold)
      .describe('|$change| at or beyond which a stock is limit-up (no buys) / limit-down (no sells); null = no limits. Default 0.095.'),
    volumeThreshold: z
      .number()
      .positive()
      .nullable()
      .default(null)
      .describe("cap of an order at this fraction of the day's $volume; null = no cap (Qlib default). Default null."),
  })
  .strict();

/** Exchange options as callers write them (every key optional). */
export type ExchangeConfigInput = z.input<typeof ExchangeConfig>;
/** Exchange options with defaults applied. */
export type ExchangeSettings = z.output<typeof ExchangeConfig>;
