import { describe, expect, it } from 'vitest';
import { tinyMarket } from '../../test/tiny-market.js';
import { Position } from '../account/position.js';
import { Exchange } from './exchange.js';
import { ExchangeConfig, type ExchangeConfigInput } from './exchange-config.js';
import { Quotes } from './quotes.js';

// A: 10 → 11 (+10 %, limit up) → 9.9 (−10 %, limit down) → 10 ; B: factor 0.5, suspended on day 1;
// C: zero volume on day 2; all others liquid.
const provider = tinyMarket({
  A: { close: [10, 11, 9.9, 10] },
  B: { close: [20, NaN, 20, 20], factor: [0.5, 0.5, 0.5, 0.5] },
  C: { close: [10, 10, 10, 10], volume: [1000, 1000, 0, 1000] },
});
const symbols = ['A', 'B', 'C', 'NOPE'];
const [A, B, C, NOPE] = [0, 1, 2, 3];

function exchange(cfg: ExchangeConfigInput = {}): Exchange {
  const settings = ExchangeConfig.parse(cfg);
  return new Exchange(
    Quotes.load(provider, symbols, 0, 3, (s) => provider.loadAligned(s, settings.dealPrice)),
    settings,
  );
}

describe('Exchange tradability', () => {
  const ex = exchange();
  it('limit-up blocks buys, limit-down blocks sells, "any" blocks both', () => {
    expect([ex.isTradable(A, 1, 'buy'), ex.isTradable(A, 1, 'sell'), ex.isTradable(A, 1, 'any')]).toEqual([false, true, false]);
    expect([ex.isTradable(A, 2, 'buy'), ex.isTradable(A, 2, 'sell')]).toEqual([true, false]);
    // the first row has no change, so it is never a limit
    expect(ex.isTradable(A, 0, 'any')).toBe(true);
  });
  it('suspended, zero-volume and unknown instruments cannot trade', () => {
    expect(ex.isTradable(B, 1, 'sell')).toBe(false);
    expect(ex.isTradable(C, 2, 'buy')).toBe(false);
    expect(ex.isTradable(NOPE, 0, 'buy')).toBe(false);
  });
  it('no limits when the threshold is null', () => {
    expect(exchange({ limitThreshold: null }).isTradable(A, 1, 'buy')).toBe(true);
  });
});

describe('Exchange lots and fills', () => {
  it('rounds real shares (amount × factor) down to the lot with Qlib 0.1 epsilon', () => {
    const ex = exchange();
    expect(ex.roundAmount(1234.5, 1)).toBe(1200);
    expect(ex.roundAmount(199.95, 1)).toBe(200); // 199.95 + 0.1 ≥ 200
    expect(ex.roundAmount(17084.4, 0.5)).toBe(17000); // 8542.2 real shares → 8500
    expect(exchange({ tradeUnit: null }).roundAmount(1234.5, 1)).toBe(1234.5);
  });

  it('buys at the close with cost = max(value × open_cost, min_cost)', () => {
    const ex = exchange();
    const pos = new Position(1e6);
    const fill = ex.deal({ inst: C, direction: 'buy', amount: 1000 }, 0, pos);
    expect(fill).toMatchObject({ amount: 1000, value: 10_000, cost: 5, price: 10 }); // 10000 × 0.0005 = 5
    expect(pos.cash).toBe(1e6 - 10_005);
    const small = ex.deal({ inst: C, direction: 'buy', amount: 100 }, 0, pos);
    expect(small.cost).toBe(5); // 1000 × 0.0005 = 0.5 < min_cost
  });

  it('shrinks a buy to what the cash pays for, then rounds it', () => {
    const pos = new Position(10_000);
    // cash 10000 < 10005 = min_cost / r + min_cost → max buy (10000 − 5) / 10 = 999.5 → 900 shares
    const fill = exchange().deal({ inst: C, direction: 'buy', amount: 1000 }, 0, pos);
    expect(fill.amount).toBe(900);
    expect(pos.cash).toBe(10_000 - 9000 - 5);
  });

  it('fills nothing when the cash cannot cover min_cost', () => {
    const pos = new Position(400);
    const fill = exchange({ minCost: 500, tradeUnit: null }).deal({ inst: C, direction: 'buy', amount: 10 }, 0, pos);
    expect(fill.value).toBe(0);
    expect(pos.cash).toBe(400);
  });

  it('sells at most the holding, lot-rounded unless it is the whole holding', () => {
    const ex = exchange();
    const pos = new Position(0, new Map([[C, { amount: 350, price: 10, count: 1 }]]));
    expect(ex.deal({ inst: C, direction: 'sell', amount: 150 }, 0, pos).amount).toBe(100);
    expect(ex.deal({ inst: C, direction: 'sell', amount: 250 }, 0, pos).amount).toBe(250); // the whole rest
    expect(pos.holdings.has(C)).toBe(false);
    expect(pos.cash).toBe(3500 - 5 - 5); // both sells pay min_cost (1.5 and 3.75 are below 5)
  });

  it('does not fill on a blocked day', () => {
    const ex = exchange();
    const pos = new Position(1e6, new Map([[A, { amount: 100, price: 10, count: 1 }]]));
    expect(ex.deal({ inst: A, direction: 'buy', amount: 100 }, 1, pos).value).toBe(0);
    expect(ex.deal({ inst: A, direction: 'sell', amount: 100 }, 2, pos).value).toBe(0);
    expect(pos.cash).toBe(1e6);
  });

  it('caps an order at volumeThreshold × volume, and charges impact cost', () => {
    const pos = new Position(1e6);
    expect(exchange({ volumeThreshold: 0.1, tradeUnit: 1 }).deal({ inst: C, direction: 'buy', amount: 500 }, 0, pos).amount).toBe(100);
    // impact: 0.1 × (500 / 1000)² = 0.025 on top of 0.0005
    const fill = exchange({ impactCost: 0.1, tradeUnit: 1 }).deal({ inst: C, direction: 'buy', amount: 500 }, 0, new Position(1e6));
    expect(fill.cost).toBeCloseTo(5000 * 0.0255, 9);
  });
});
