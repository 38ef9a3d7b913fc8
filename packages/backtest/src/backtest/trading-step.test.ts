import { describe, expect, it } from 'vitest';
import { runTiny, tinyMarket, tinySignal } from '../../test/tiny-market.js';
import { type Holding, Position } from '../account/position.js';
import { Exchange } from '../exchange/exchange.js';
import { ExchangeConfig } from '../exchange/exchange-config.js';
import { Quotes } from '../exchange/quotes.js';
import { seededRandom } from '../strategy/rng.js';
import { TopkDropoutStrategy } from '../strategy/topk-dropout.js';
import { REPORT_KEYS } from './result.js';
import { type AccountState, tradingStep } from './trading-step.js';

describe('tradingStep', () => {
  it('stepping one day at a time from an account saved as plain JSON gives the trades and report of runBacktest', () => {
    const p = tinyMarket({
      A: { close: [10, 11, 12, 11, 13, 12, 14, 15] },
      B: { close: [20, 19, NaN, 21, 22, 20, 19, 21] }, // suspended on day 2: keeps its last price
      C: { close: [5, 5.5, 5.2, 5.4, 5.1, 5.6, 5.8, 5.5] },
      D: { close: [8, 8.2, 8.1, 8.5, 8.3, 8.8, 8.6, 9] },
    });
    const sig = tinySignal([
      { A: 3, B: 2, C: 1, D: 0 },
      { A: 1, B: 3, C: 2, D: 0 },
      { A: 0, B: 1, C: 3, D: 2 },
      { A: 2, B: 0, C: 1, D: 3 },
      { A: 3, B: 2, C: 0, D: 1 },
      { A: 1, B: 0, C: 3, D: 2 },
      { A: 0, B: 3, C: 2, D: 1 },
    ]);
    const strategy = () => new TopkDropoutStrategy({ topk: 2, nDrop: 1 });
    const exchange = { openCost: 0.001, closeCost: 0.002, minCost: 1, tradeUnit: 1 };
    const { res } = runTiny(p, sig, strategy(), { exchange });
    expect(res.trades.length).toBeGreaterThanOrEqual(6);

    const cal = p.calendar;
    const quotes = Quotes.load(p, sig.symbols, 1, cal.length - 1, null);
    const ex = new Exchange(quotes, ExchangeConfig.parse({ ...exchange, limitThreshold: 0.095, dealPrice: 'close' }));
    // what a caller keeps between days: plain JSON, instrument indices as keys
    let saved = JSON.stringify({
      cash: 10_000,
      holdings: [] as Array<[number, Holding]>,
      prevValue: 10_000,
      peakValue: 10_000,
      tt: 0,
      tc: 0,
    });
    const trades = [];
    const rows = [];
    for (let d = 0; d < quotes.days; d++) {
      const s = JSON.parse(saved) as {
        cash: number;
        holdings: Array<[number, Holding]>;
        prevValue: number;
        peakValue: number;
        tt: number;
        tc: number;
      };
      const state: AccountState = {
        position: new Position(s.cash, new Map(s.holdings)),
        prevValue: s.prevValue,
        peakValue: s.peakValue,
        totalTurnover: s.tt,
        totalCost: s.tc,
      };
      // a fresh strategy each day, as a new process would build it
      const out = tradingStep(state, {
        day: d,
        exchange: ex,
        strategy: strategy(),
        score: sig.day(d),
        random: seededRandom(0),
        log: [],
        bench: 0,
      });
      trades.push(...out.trades);
      rows.push(out.row);
      saved = JSON.stringify({
        cash: state.position.cash,
        holdings: [...state.position.holdings],
        prevValue: state.prevValue,
        peakValue: state.peakValue,
        tt: state.totalTurnover,
        tc: state.totalCost,
      });
    }
    expect(trades).toEqual(res.trades);
    for (const k of REPORT_KEYS) expect(rows.map((r) => r[k])).toEqual(Array.from(res.report[k]));
  });
});
