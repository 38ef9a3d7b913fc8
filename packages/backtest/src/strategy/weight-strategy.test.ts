import { describe, expect, it } from 'vitest';
import { runTiny, tinyMarket, tinySignal } from '../../test/tiny-market.js';
import { capWeights, limitTurnover } from './target-weights.js';
import { TopkDropoutStrategy } from './topk-dropout.js';
import { WeightStrategy } from './weight-strategy.js';

const flat = (n: number) => new Array<number>(n).fill(10);

describe('target-weight optimizer', () => {
  it('caps weights and redistributes the excess (water-filling), long-only', () => {
    expect(Array.from(capWeights(Float64Array.of(0.6, 0.3, 0.1), 0.4)).map((x) => +x.toFixed(12))).toEqual([0.4, 0.4, 0.2]);
    expect(Array.from(capWeights(Float64Array.of(0.9, -0.2), 0.5))).toEqual([0.5, 0]); // the rest stays in cash
  });
  it('limits turnover by moving a uniform fraction toward the target', () => {
    const w = limitTurnover(Float64Array.of(0.5, 0), Float64Array.of(0, 0.5), 0.5);
    expect(Array.from(w)).toEqual([0.25, 0.25]); // Σ|Δw| = 1 → half of each trade
  });
});

describe('WeightStrategy', () => {
  it('holds the top k at equal weights, rebalancing into new names', () => {
    const p = tinyMarket({ A: { close: flat(3) }, B: { close: flat(3) }, C: { close: flat(3) } });
    const sig = tinySignal([
      { A: 3, B: 2, C: 1 },
      { A: 1, B: 2, C: 3 },
    ]);
    const { trades, holdings } = runTiny(p, sig, new WeightStrategy({ topk: 2, riskDegree: 1 }));
    expect(trades[0]).toBe('+A:500 +B:500');
    expect(trades[1]).toBe('-A:500 +C:500');
    expect(holdings).toEqual(['A,B', 'B,C']);
  });

  it('respects maxWeight and the turnover limit', () => {
    const p = tinyMarket({ A: { close: flat(3) }, B: { close: flat(3) }, C: { close: flat(3) } });
    const sig = tinySignal([
      { A: 3, B: 2, C: 1 },
      { A: 1, B: 2, C: 3 },
    ]);
    const { res, trades } = runTiny(
      p,
      sig,
      new WeightStrategy({ topk: 2, riskDegree: 1, weighting: 'rank', maxWeight: 0.6, turnoverLimit: 0.5 }),
    );
    // rank weights 2/3, 1/3 → capped 0.6, 0.4 → from cash: Σ|Δw| = 1 > 0.5, so half: 0.3, 0.2
    expect(trades[0]).toBe('+A:300 +B:200');
    expect(res.report.turnover[0]).toBeCloseTo(0.5, 12);
  });
});

describe('risk controls', () => {
  it('concentration and liquidity checks shrink buys and are logged', () => {
    const p = tinyMarket({ A: { close: flat(2), volume: [1e9, 100] }, B: { close: flat(2) } });
    const sig = tinySignal([{ A: 2, B: 1 }]);
    const { trades, res } = runTiny(
      p,
      sig,
      new TopkDropoutStrategy({ topk: 2, nDrop: 1, riskDegree: 1, risk: { maxWeight: 0.3, maxVolumeFraction: 0.5 } }),
    );
    // planned 500 each; maxWeight 0.3 × 10000 / 10 = 300; A's volume 100 × 0.5 = 50
    expect(trades[0]).toBe('+A:50 +B:300');
    expect(res.riskLog.map((e) => `${e.check}:${res.symbols[e.inst]}:${e.before}->${e.after}`)).toEqual([
      'concentration:A:500->300',
      'liquidity:A:300->50',
      'concentration:B:500->300',
    ]);
  });

  it('cuts the risk degree while the drawdown is past the limit', () => {
    // B halves on day 2: the account falls 25 % below its peak, so day 3 buys with risk degree 0.2
    const p = tinyMarket({ A: { close: flat(4) }, B: { close: [10, 10, 5, 5] }, C: { close: flat(4) } });
    const sig = tinySignal([
      { B: 3, A: 1, C: 0 },
      { B: 3, A: 1, C: 0 },
      { B: 0, C: 3, A: 1 },
    ]);
    const strat = new TopkDropoutStrategy({ topk: 1, nDrop: 1, riskDegree: 1, risk: { drawdownLimit: 0.2, drawdownRiskDegree: 0.2 } });
    const { res, trades } = runTiny(p, sig, strat);
    expect(trades[0]).toBe('+B:1000');
    expect(res.riskLog).toEqual([{ day: 2, inst: -1, check: 'drawdown', before: 1, after: 0.2 }]);
    // day 3 (local 2): sells B for 5000, buys C with 5000 × 0.2 = 1000 → 100 shares
    expect(trades[2]).toBe('-B:1000 +C:100');
  });
});
