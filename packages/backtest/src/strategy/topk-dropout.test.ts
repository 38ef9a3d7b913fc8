import { describe, expect, it } from 'vitest';
import { runTiny, tinyMarket, tinySignal } from '../../test/tiny-market.js';
import { firstN, firstNotHeld, lastN, TopkDropoutStrategy } from './topk-dropout.js';

const flat = (n: number) => new Array<number>(n).fill(10);

describe('Python slicing helpers', () => {
  it('first_n / last_n follow list[:n] and list[-n:], negative n included', () => {
    const L = [1, 2, 3, 4, 5];
    expect(firstN(L, 2, null)).toEqual([1, 2]);
    expect(firstN(L, -2, null)).toEqual([1, 2, 3]); // all but the last 2
    expect(lastN(L, 2, null)).toEqual([4, 5]);
    expect(lastN(L, 0, null)).toEqual(L); // list[-0:] is the whole list
    expect(lastN(L, -1, null)).toEqual([2, 3, 4, 5]);
    // tradable variant collects until n, and takes at least one
    expect(firstN(L, 0, (i) => i > 2)).toEqual([3]);
    expect(lastN(L, 2, (i) => i % 2 === 1)).toEqual([3, 5]);
  });
});

describe('firstNotHeld', () => {
  it('is first_n of the candidates (the scored list without the held names), every n and filter', () => {
    const scored = Int32Array.from([7, 3, 9, 1, 4, 8, 2, 6, 0, 5]);
    const held = new Set([9, 4, 0]);
    const candidates = Array.from(scored).filter((i) => !held.has(i));
    for (const tradable of [null, (i: number) => i % 3 !== 0, () => false]) {
      for (let n = -9; n <= 12; n++) expect(firstNotHeld(scored, held, n, tradable)).toEqual(firstN(candidates, n, tradable));
    }
  });
});

describe('TopkDropoutStrategy on a hand-checkable market', () => {
  it('signal of t trades on t+1; cash split equally over planned buys', () => {
    const p = tinyMarket({ A: { close: flat(3) }, B: { close: flat(3) }, C: { close: flat(3) } });
    const sig = tinySignal([
      { A: 3, B: 2, C: 1 },
      { A: 3, B: 2, C: 1 },
    ]);
    const { res, holdings, trades } = runTiny(p, sig, new TopkDropoutStrategy({ topk: 2, nDrop: 1, riskDegree: 1 }));
    // day 1 uses day 0's scores: buys A and B with 10000 / 2 each = 500 shares at 10
    expect(trades[0]).toBe('+A:500 +B:500');
    expect(holdings).toEqual(['A,B', 'A,B']);
    // day 2: C ranks below both holdings → nothing trades (candidate-versus-holding protection)
    expect(trades[1]).toBe('');
    expect(res.report.turnover[1]).toBe(0);
  });

  it('sells the bottom n_drop of holdings ∪ candidates and buys as many; sells fill before buys', () => {
    const p = tinyMarket({ A: { close: flat(3) }, B: { close: flat(3) }, C: { close: flat(3) } });
    const sig = tinySignal([
      { A: 3, B: 2, C: 1 },
      { A: 1, B: 2, C: 3 },
    ]);
    const { trades, holdings } = runTiny(p, sig, new TopkDropoutStrategy({ topk: 2, nDrop: 1, riskDegree: 1 }));
    expect(trades[1]).toBe('-A:500 +C:500'); // A is now worst: sold; its 5000 buys C
    expect(holdings[1]).toBe('B,C');
  });

  it('counts a limit-up candidate in the denominator: its cash share stays idle', () => {
    const p = tinyMarket({ A: { close: [10, 11, 11] }, B: { close: flat(3) }, C: { close: flat(3) } });
    const sig = tinySignal([{ A: 3, B: 2, C: 1 }]);
    const { trades, res } = runTiny(p, sig, new TopkDropoutStrategy({ topk: 2, nDrop: 1, riskDegree: 1 }));
    expect(trades[0]).toBe('+B:500'); // A (+10 %) cannot be bought; B gets 10000 / 2, not 10000
    expect(res.report.cash[0]).toBe(5000);
  });

  it('with only_tradable the blocked candidate is skipped and the next one bought', () => {
    const p = tinyMarket({ A: { close: [10, 11, 11] }, B: { close: flat(3) }, C: { close: flat(3) } });
    const sig = tinySignal([{ A: 3, B: 2, C: 1 }]);
    const { trades } = runTiny(p, sig, new TopkDropoutStrategy({ topk: 2, nDrop: 1, riskDegree: 1, onlyTradable: true }));
    expect(trades[0]).toBe('+B:500 +C:500');
  });

  it('a suspended holding is kept at its last price and a blocked sell still shrinks the buy count', () => {
    const p = tinyMarket({ A: { close: [10, 10, NaN, 10] }, B: { close: flat(4) }, C: { close: flat(4) } });
    const sig = tinySignal([
      { A: 3, B: 2, C: 1 },
      { A: 1, B: 3, C: 2 },
      { A: 1, B: 3, C: 2 },
    ]);
    const { trades, holdings, res } = runTiny(p, sig, new TopkDropoutStrategy({ topk: 2, nDrop: 1, riskDegree: 1 }));
    expect(trades[0]).toBe('+A:500 +B:500');
    // day 2: A is suspended, so its planned sell is skipped; buy = today[: 1 + 2 − 2] still plans C, but
    // with no cash freed its order is 0 shares and nothing fills
    expect(trades[1]).toBe('');
    expect(holdings[1]).toBe('A,B');
    const aDay1 = res.positions.find((x) => x.day === 1 && res.symbols[x.inst] === 'A')!;
    expect(aDay1.price).toBe(10);
    expect(trades[2]).toBe('-A:500 +C:500');
  });

  it('hold_thresh delays a sell; holdings may then exceed topk (Qlib issue #809)', () => {
    const p = tinyMarket({ A: { close: flat(3) }, B: { close: flat(3) }, C: { close: flat(3) } });
    const sig = tinySignal([
      { A: 3, B: 2, C: 1 },
      { A: 1, B: 3, C: 2 },
    ]);
    const { trades, holdings } = runTiny(p, sig, new TopkDropoutStrategy({ topk: 2, nDrop: 1, riskDegree: 0.5, holdThresh: 2 }), {
      account: 10_000,
    });
    // day 1: 10000 × 0.5 / 2 = 2500 each → 250 shares; day 2: A (count 1 < 2) is not sold, C is still bought
    expect(trades[0]).toBe('+A:250 +B:250');
    expect(trades[1]).toBe('+C:250'); // (5000 × 0.5) / 1
    expect(holdings[1]).toBe('A,B,C');
  });

  it('n_drop = 0 marks every holding for sale (comb[-0:]): the book alternates between full and empty', () => {
    const p = tinyMarket({ A: { close: flat(4) }, B: { close: flat(4) }, C: { close: flat(4) } });
    const day = { A: 3, B: 2, C: 1 };
    const { holdings } = runTiny(p, tinySignal([day, day, day]), new TopkDropoutStrategy({ topk: 2, nDrop: 0, riskDegree: 1 }));
    expect(holdings).toEqual(['A,B', '', 'A,B']);
  });

  it('breaks score ties by the order instruments first appear in the predictions', () => {
    const p = tinyMarket({ A: { close: flat(2) }, B: { close: flat(2) }, C: { close: flat(2) } });
    const { holdings } = runTiny(p, tinySignal([{ C: 1, A: 1, B: 1 }]), new TopkDropoutStrategy({ topk: 2, nDrop: 1 }));
    expect(holdings[0]).toBe('A,C');
  });

  it('random methods are reproducible with a seed and never exceed topk on a liquid market', () => {
    const names = 'ABCDEFGH'.split('');
    const p = tinyMarket(Object.fromEntries(names.map((n) => [n, { close: flat(12) }])));
    const sig = tinySignal(Array.from({ length: 11 }, (_, t) => Object.fromEntries(names.map((n, i) => [n, ((t + 1) * (i + 3)) % 11]))));
    const strat = () => new TopkDropoutStrategy({ topk: 3, nDrop: 1, methodBuy: 'random', methodSell: 'random' });
    const a = runTiny(p, sig, strat(), { seed: 7 });
    const b = runTiny(p, sig, strat(), { seed: 7 });
    expect(a.trades).toEqual(b.trades);
    expect(a.holdings.every((h) => h.split(',').length <= 3)).toBe(true);
    expect(a.res.trades.length).toBeGreaterThan(10);
  });
});
