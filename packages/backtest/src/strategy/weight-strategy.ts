import { z } from '@rollq/data/zod';
import type { Order } from '../exchange/exchange.js';
import { capLiquidity, checkBuyOrder, effectiveRiskDegree, RiskControlConfig } from './risk-controls.js';
import { capWeights, limitTurnover } from './target-weights.js';
import { compareDesc } from './topk-dropout.js';
import type { StepContext, Strategy } from './types.js';

/** WeightStrategy options (rollq's own: Qlib's WeightStrategyBase leaves the weights to subclasses). */
export const WeightStrategyConfig = z
  .object({
    topk: z.number().int().positive().default(50).describe('names with the best scores to hold. Default 50.'),
    weighting: z
      .enum(['equal', 'rank'])
      .default('equal')
      .describe('`equal`: riskDegree / topk each; `rank`: proportional to topk − rank (best gets most). Default `equal`.'),
    riskDegree: z.number().min(0).max(1).default(0.95).describe('fraction of the account invested. Default 0.95.'),
    maxWeight: z
      .number()
      .positive()
      .max(1)
      .nullable()
      .default(null)
      .describe("cap of one name's target weight; null = none. Default null."),
    turnoverLimit: z
      .number()
      .positive()
      .nullable()
      .default(null)
      .describe('most Σ|Δweight| traded per day (e.g. 0.2); null = rebalance fully. Default null.'),
    risk: RiskControlConfig.default(RiskControlConfig.parse({})).describe('optional risk controls; all off by default.'),
  })
  .strict();

export type WeightStrategyInput = z.input<typeof WeightStrategyConfig>;
export type WeightStrategySettings = z.output<typeof WeightStrategyConfig>;

/**
 * Target-weight strategy: each day the best `topk` names of the previous day's scores get target weights
 * (long-only, capped at `maxWeight`, summing to the risk degree), the move from the current weights is
 * limited to `turnoverLimit`, and the difference becomes orders at today's deal price: sells first (a
 * zero target sells the whole holding), then buys in score order, both rounded to lots.
 */
export class WeightStrategy implements Strategy {
  readonly name = 'weight';
  readonly settings: WeightStrategySettings;

  constructor(config: WeightStrategyInput = {}) {
    this.settings = WeightStrategyConfig.parse(config);
  }

  decide(ctx: StepContext): Order[] {
    const { score, exchange, day, position } = ctx;
    if (!score) return [];
    const s = this.settings;
    const order = Array.from({ length: score.inst.length }, (_, k) => k).sort((a, b) =>
      compareDesc(score.score[a]!, score.score[b]!, score.inst[a]!, score.inst[b]!),
    );
    const chosen = order.slice(0, s.topk).map((k) => score.inst[k]!);
    const names = [...new Set([...chosen, ...position.holdings.keys()])];
    const price = (i: number) => (exchange.isSuspended(i, day) ? (position.holdings.get(i)?.price ?? NaN) : exchange.dealPrice(i, day));
    let total = position.cash;
    for (const [i, h] of position.holdings) total += h.amount * price(i);
    const rd = effectiveRiskDegree(s.riskDegree, ctx, s.risk);
    const raw = new Float64Array(names.length);
    const k = chosen.length;
    const rankSum = (k * (k + 1)) / 2;
    chosen.forEach((inst, r) => {
      raw[names.indexOf(inst)] = s.weighting === 'equal' ? rd / k : (rd * (k - r)) / rankSum;
    });
    const current = Float64Array.from(names, (i) => (position.amount(i) * price(i)) / total);
    const target = limitTurnover(current, capWeights(raw, s.maxWeight), s.turnoverLimit);
    const sells: Order[] = [];
    const buys: Order[] = [];
    names.forEach((inst, j) => {
      const delta = target[j]! - current[j]!;
      if (!exchange.isTradable(inst, day, delta < 0 ? 'sell' : 'buy') || Math.abs(delta) < 1e-12) return;
      const p = price(inst);
      const f = exchange.factor(inst, day);
      if (delta < 0) {
        const held = position.amount(inst);
        const amount = target[j]! <= 1e-12 ? held : Math.min(held, exchange.roundAmount((-delta * total) / p, f));
        if (amount > 0) sells.push(capLiquidity({ inst, direction: 'sell', amount }, ctx, s.risk));
      } else {
        const amount = exchange.roundAmount((delta * total) / p, f);
        if (amount > 0) buys.push(checkBuyOrder({ inst, direction: 'buy', amount }, ctx, s.risk));
      }
    });
    return [...sells, ...buys];
  }
}
