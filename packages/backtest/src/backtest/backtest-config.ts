import { z } from '@rollq/data/zod';
import { ExchangeConfig } from '../exchange/exchange-config.js';
import { REGION_DEFAULTS } from './region-defaults.js';

/** Settings of one backtest run (Qlib's `backtest(...)` arguments), parsed once at the edge. */
export const BacktestConfig = z
  .object({
    start: z
      .string()
      .nullable()
      .default(null)
      .describe('first trading day (ISO date); null = the first prediction date, as Qlib PortAnaRecord. Default null.'),
    end: z
      .string()
      .nullable()
      .default(null)
      .describe('last trading day (ISO date); null = the last prediction date shifted back one trading day. Default null.'),
    account: z.number().positive().default(REGION_DEFAULTS.cn.account).describe('initial cash. Default 100000000 (Qlib benchmarks).'),
    benchmark: z
      .string()
      .nullable()
      .default(REGION_DEFAULTS.cn.benchmark)
      .describe('benchmark: a symbol, a comma list, `market:<name>`, `equal-weight`, or null for none. Default SH000300.'),
    exchange: ExchangeConfig.default(ExchangeConfig.parse({})).describe('exchange settings (costs, lots, limits).'),
    seed: z.number().int().default(0).describe('seed of the random buy/sell methods. Default 0.'),
  })
  .strict();

export type BacktestConfigInput = z.input<typeof BacktestConfig>;
export type BacktestSettings = z.output<typeof BacktestConfig>;
