import { describe, expect, it } from 'vitest';
import { ExchangeConfig } from '../exchange/exchange-config.js';
import { TopkDropoutConfig } from '../strategy/topk-dropout.js';
import { BacktestConfig } from './backtest-config.js';
import { REGION_DEFAULTS, regionDefaults } from './region-defaults.js';

describe('region defaults', () => {
  it('cn is what the configs default to (Qlib default region)', () => {
    const cn = REGION_DEFAULTS.cn;
    expect(ExchangeConfig.parse({})).toMatchObject(cn.exchange);
    expect(BacktestConfig.parse({})).toMatchObject({ account: cn.account, benchmark: cn.benchmark });
    expect(TopkDropoutConfig.parse({})).toMatchObject(cn.strategy);
  });

  it("holds Qlib's region rules and the US demo set-up", () => {
    expect(REGION_DEFAULTS.us).toEqual({
      exchange: { dealPrice: 'close', openCost: 0.0005, closeCost: 0.0015, minCost: 5, tradeUnit: 1, limitThreshold: null },
      benchmark: '^GSPC',
      account: 100_000_000,
      strategy: { topk: 50, nDrop: 5 },
      annScaler: 252,
    });
    expect(REGION_DEFAULTS.cn.exchange).toMatchObject({ tradeUnit: 100, limitThreshold: 0.095 });
    expect(REGION_DEFAULTS.tw.exchange).toMatchObject({ tradeUnit: 1000, limitThreshold: 0.1 });
  });

  it('an unknown or missing region gets cn, and the table cannot be changed by a caller', () => {
    expect(regionDefaults(undefined)).toBe(REGION_DEFAULTS.cn);
    expect(regionDefaults('xx')).toBe(REGION_DEFAULTS.cn);
    expect(regionDefaults('toString')).toBe(REGION_DEFAULTS.cn);
    expect(regionDefaults('us')).toBe(REGION_DEFAULTS.us);
    expect(Object.isFrozen(REGION_DEFAULTS.us.exchange)).toBe(true);
  });
});
