import { z } from '@rollq/data/zod';
import { REGION_DEFAULTS } from '../backtest/region-defaults.js';
import type { Order } from '../exchange/exchange.js';
import { checkBuyOrder, effectiveRiskDegree, RiskControlConfig, type RiskControls } from './risk-controls.js';
import { sampleWithoutReplacement } from './rng.js';
import type { StepContext, Strategy } from './types.js';

/** TopkDropoutStrategy options; defaults are Qlib's (qlib/contrib/strategy/signal_strategy.py). */
export const TopkDropoutConfig = z
  .object({
    topk: z.number().int().positive().default(REGION_DEFAULTS.cn.strategy.topk).describe('number of stocks to hold. Default 50.'),
    nDrop: z.number().int().min(0).default(REGION_DEFAULTS.cn.strategy.nDrop).describe('stocks replaced per day. Default 5.'),
    methodSell: z.enum(['bottom', 'random']).default('bottom').describe('which holdings to sell. Default `bottom`.'),
    methodBuy: z.enum(['top', 'random']).default('top').describe('which candidates to buy. Default `top`.'),
    holdThresh: z.number().int().min(0).default(1).describe('minimum bars held before a sell. Default 1.'),
    onlyTradable: z.boolean().default(false).describe('skip untradable stocks when picking candidates. Default false.'),
    forbidAllTradeAtLimit: z
      .boolean()
      .default(true)
      .describe('no trade at all on a limit day (limit-up blocks sells too, limit-down buys). Default true.'),
    riskDegree: z.number().min(0).max(1).default(0.95).describe('fraction of cash spent on buys. Default 0.95.'),
    risk: RiskControlConfig.default(RiskControlConfig.parse({})).describe('optional risk controls; all off by default.'),
  })
  .strict();

export type TopkDropoutInput = z.input<typeof TopkDropoutConfig>;
export type TopkDropoutSettings = z.output<typeof TopkDropoutConfig>;

/**
 * Qlib's TopkDropoutStrategy (`generate_trade_decision` in qlib/contrib/strategy/signal_strategy.py), step
 * for step: hold `topk` names, each day sell the held names that rank in the bottom `nDrop` of holdings ∪
 * candidates and buy as many top candidates, splitting `cash × riskDegree` equally over the planned buys.
 * Python slicing with negative lengths is reproduced. Ties are broken by instrument order in the
 * prediction file (Qlib's are arbitrary).
 *
 * @example
 * ```ts
 * const strategy = new TopkDropoutStrategy({ topk: 50, nDrop: 5 }); // Qlib's benchmark settings
 * const result = runBacktest(provider, signal, strategy, { benchmark: '^GSPC' });
 * ```
 */
export class TopkDropoutStrategy implements Strategy {
  readonly name = 'topk-dropout';
  readonly settings: TopkDropoutSettings;
  private scoreOf = new Float64Array(0);

  constructor(config: TopkDropoutInput = {}) {
    this.settings = TopkDropoutConfig.parse(config);
  }

  decide(ctx: StepContext): Order[] {
    const { score, exchange } = ctx;
    if (!score) return [];
    const s = this.settings;
    const nInst = exchange.quotes.symbols.length;
    if (this.scoreOf.length !== nInst) this.scoreOf = new Float64Array(nInst).fill(NaN);
    const scoreOf = this.scoreOf;
    for (let k = 0; k < score.inst.length; k++) scoreOf[score.inst[k]!] = score.score[k]!;
    try {
      return this.step(ctx, s, scoreOf, score.inst);
    } finally {
      for (let k = 0; k < score.inst.length; k++) scoreOf[score.inst[k]!] = NaN;
    }
  }

  private step(ctx: StepContext, s: TopkDropoutSettings, scoreOf: Float64Array, scored: Int32Array): Order[] {
    const { exchange, day } = ctx;
    const byScore = (a: number, b: number) => compareDesc(scoreOf[a]!, scoreOf[b]!, a, b);
    const tradable = s.onlyTradable ? (i: number) => exchange.isTradable(i, day, 'any') : null;
    const pos = ctx.position.clone();
    const held = [...pos.holdings.keys()];
    const last = [...held].sort(byScore);
    const lastSet = new Set(last);

    let today: number[];
    const nWant = s.nDrop + s.topk - last.length;
    if (s.methodBuy === 'top') {
      // the day's scores come sorted descending (Signal), so the candidate list needs no sort
      today = firstNotHeld(scored, lastSet, nWant, tradable);
    } else {
      const topkCandi = firstN(Array.from(scored), s.topk, tradable).filter((i) => !lastSet.has(i));
      today = sampleWithoutReplacement(topkCandi, nWant, ctx.random);
    }
    let sell: Set<number>;
    if (s.methodSell === 'bottom') {
      const comb = [...new Set([...last, ...today])].sort(byScore);
      const bottom = new Set(lastN(comb, s.nDrop, tradable));
      sell = new Set(last.filter((i) => bottom.has(i)));
    } else {
      const candi = tradable ? last.filter(tradable) : last;
      sell = new Set(last.length ? sampleWithoutReplacement(candi, s.nDrop, ctx.random) : []);
    }
    const buy = today.slice(0, sell.size + s.topk - last.length);

    const orders: Order[] = [];
    let cash = pos.cash;
    const sellDir = s.forbidAllTradeAtLimit ? 'any' : 'sell';
    for (const inst of held) {
      if (!exchange.isTradable(inst, day, sellDir) || !sell.has(inst)) continue;
      const h = pos.holdings.get(inst)!;
      if (h.count < s.holdThresh) continue;
      const order: Order = { inst, direction: 'sell', amount: h.amount };
      if (!exchange.isTradable(inst, day, 'sell')) continue;
      orders.push(order);
      // simulated fill on the copy: the cash it frees funds today's buys
      const fill = exchange.deal(order, day, pos);
      cash += fill.value - fill.cost;
    }
    const riskDegree = effectiveRiskDegree(s.riskDegree, ctx, s.risk);
    // as Qlib, the denominator counts planned buys that are then skipped (suspended or at a price limit):
    // their share of the cash stays idle and fewer than topk names get bought
    const value = buy.length > 0 ? (cash * riskDegree) / buy.length : 0;
    const buyDir = s.forbidAllTradeAtLimit ? 'any' : 'buy';
    for (const inst of buy) {
      if (!exchange.isTradable(inst, day, buyDir)) continue;
      const amount = exchange.roundAmount(value / exchange.dealPrice(inst, day), exchange.factor(inst, day));
      orders.push(applyChecks({ inst, direction: 'buy', amount }, ctx, s.risk));
    }
    return orders;
  }
}

function applyChecks(order: Order, ctx: StepContext, rc: RiskControls): Order {
  return rc.maxWeight === null && rc.maxVolumeFraction === null ? order : checkBuyOrder(order, ctx, rc);
}

/** Score descending, NaN last (pandas `sort_values(ascending=False)`), ties by instrument index. */
export function compareDesc(sa: number, sb: number, a: number, b: number): number {
  const na = Number.isNaN(sa);
  const nb = Number.isNaN(sb);
  if (na || nb) return na === nb ? a - b : na ? 1 : -1;
  return sb - sa || a - b;
}

/**
 * Qlib's `get_first_n`: `list[:n]` (Python slicing, so a negative n drops the last |n|); with a
 * tradability filter it collects tradable items until it has n, and always takes at least one.
 */
export function firstN(list: readonly number[], n: number, tradable: ((i: number) => boolean) | null): number[] {
  if (!tradable) return list.slice(0, n);
  const res: number[] = [];
  for (const i of list) {
    if (!tradable(i)) continue;
    res.push(i);
    if (res.length >= n) break;
  }
  return res;
}

/**
 * `firstN` of the scored instruments not in `held`, in score order: Qlib's `get_first_n` of its candidate list
 * (`pred_score` without the holdings). Stops at the n-th pick instead of building the whole list (a day holds
 * hundreds of scores for ~5 buys); a negative n (Python's `list[:n]` drops from the end) needs the whole list.
 */
export function firstNotHeld(
  scored: Int32Array,
  held: ReadonlySet<number>,
  n: number,
  tradable: ((i: number) => boolean) | null,
): number[] {
  if (n < 0 && !tradable)
    return firstN(
      Array.from(scored).filter((i) => !held.has(i)),
      n,
      null,
    );
  const res: number[] = [];
  for (let k = 0; k < scored.length; k++) {
    if (!tradable && res.length >= n) break; // list[:n]
    const i = scored[k]!;
    if (held.has(i) || (tradable && !tradable(i))) continue;
    res.push(i);
    if (tradable && res.length >= n) break; // the tradable variant takes at least one
  }
  return res;
}

/** Qlib's `get_last_n`: `list[-n:]` (n = 0 gives the whole list), or the filtered variant from the end. */
export function lastN(list: readonly number[], n: number, tradable: ((i: number) => boolean) | null): number[] {
  if (!tradable) return list.slice(-n);
  const res: number[] = [];
  for (let k = list.length - 1; k >= 0; k--) {
    const i = list[k]!;
    if (!tradable(i)) continue;
    res.push(i);
    if (res.length >= n) break;
  }
  return res.reverse();
}
