import { z } from '@rollq/data/zod';
import type { Order } from '../exchange/exchange.js';
import type { StepContext } from './types.js';

/**
 * Optional risk controls shared by the strategies (none is in Qlib; all are off by default, so the
 * default run matches Qlib trade for trade).
 */
export const RiskControlConfig = z
  .object({
    drawdownLimit: z
      .number()
      .positive()
      .max(1)
      .nullable()
      .default(null)
      .describe('drawdown from the account peak (fraction) past which the risk degree is cut; null = off. Default null.'),
    drawdownRiskDegree: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe('risk degree used while the drawdown is past drawdownLimit. Default 0.5.'),
    maxWeight: z
      .number()
      .positive()
      .max(1)
      .nullable()
      .default(null)
      .describe('concentration check: a buy may lift a name to at most this fraction of the account; null = off. Default null.'),
    maxVolumeFraction: z
      .number()
      .positive()
      .max(1)
      .nullable()
      .default(null)
      .describe("liquidity check: an order may trade at most this fraction of the day's $volume; null = off. Default null."),
  })
  .strict();

export type RiskControlInput = z.input<typeof RiskControlConfig>;
export type RiskControls = z.output<typeof RiskControlConfig>;

/** The risk degree to use today: `base`, or the cut value while the drawdown is past the limit (logged). */
export function effectiveRiskDegree(base: number, ctx: StepContext, rc: RiskControls): number {
  if (rc.drawdownLimit === null || ctx.peakValue <= 0) return base;
  const drawdown = 1 - ctx.accountValue / ctx.peakValue;
  if (drawdown <= rc.drawdownLimit) return base;
  const cut = Math.min(base, rc.drawdownRiskDegree);
  ctx.log.push({ day: ctx.day, inst: -1, check: 'drawdown', before: base, after: cut });
  return cut;
}

/**
 * Pre-order checks on a buy: caps the amount so the name stays under `maxWeight` of the account, and
 * under `maxVolumeFraction` of the day's volume, rounding down to lots. Each change is logged.
 */
export function checkBuyOrder(order: Order, ctx: StepContext, rc: RiskControls): Order {
  const { exchange, day } = ctx;
  let amount = order.amount;
  if (rc.maxWeight !== null) {
    const price = exchange.dealPrice(order.inst, day);
    const heldValue = ctx.position.amount(order.inst) * price;
    const room = Math.max(0, rc.maxWeight * ctx.accountValue - heldValue) / price;
    if (amount > room) {
      const capped = exchange.roundAmount(room, exchange.factor(order.inst, day));
      ctx.log.push({ day, inst: order.inst, check: 'concentration', before: amount, after: capped });
      amount = capped;
    }
  }
  return capLiquidity({ ...order, amount }, ctx, rc);
}

/** The liquidity part of the checks, for sells too: at most `maxVolumeFraction` of the day's volume. */
export function capLiquidity(order: Order, ctx: StepContext, rc: RiskControls): Order {
  if (rc.maxVolumeFraction === null) return order;
  const { exchange, day } = ctx;
  const volume = exchange.quotes.volume[order.inst]![day]!;
  const limit = Number.isFinite(volume) ? volume * rc.maxVolumeFraction : 0;
  if (order.amount <= limit) return order;
  const capped = exchange.roundAmount(limit, exchange.factor(order.inst, day));
  ctx.log.push({ day, inst: order.inst, check: 'liquidity', before: order.amount, after: capped });
  return { ...order, amount: capped };
}
