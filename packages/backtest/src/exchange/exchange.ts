import { isClose, type Position } from '../account/position.js';
import type { ExchangeSettings } from './exchange-config.js';
import type { Quotes } from './quotes.js';

/** Trade direction; `any` asks "tradable in both directions" (Qlib's direction=None). */
export type Direction = 'buy' | 'sell' | 'any';

/** An order the strategy emits: instrument index, amount in adjusted shares. */
export interface Order {
  inst: number;
  direction: 'buy' | 'sell';
  amount: number;
}

/** The outcome of one order: what filled, at which price, and what it cost (all 0 when nothing filled). */
export interface Fill {
  amount: number;
  value: number;
  cost: number;
  price: number;
}

const NO_FILL: Fill = Object.freeze({ amount: 0, value: 0, cost: 0, price: NaN });

/**
 * Qlib's `Exchange` over preloaded quotes: tradability (suspension, price limits), deal price, lot
 * rounding with the adjustment factor, and order fills with costs (qlib/backtest/exchange.py).
 */
export class Exchange {
  readonly quotes: Quotes;
  readonly settings: ExchangeSettings;

  constructor(quotes: Quotes, settings: ExchangeSettings) {
    this.quotes = quotes;
    this.settings = settings;
  }

  /**
   * No close on that day (suspended, not yet listed, delisted, unknown), or a recorded volume of 0 (Qlib's
   * collectors turn such rows into NaN; data imported otherwise may keep them, and nothing can trade).
   */
  isSuspended(inst: number, d: number): boolean {
    return Number.isNaN(this.quotes.close[inst]![d]!) || this.quotes.volume[inst]![d] === 0;
  }

  /** Qlib's `check_stock_limit`: limit-up blocks buys, limit-down blocks sells; suspension counts as both. */
  isLimited(inst: number, d: number, dir: Direction): boolean {
    if (this.isSuspended(inst, d)) return true;
    const th = this.settings.limitThreshold;
    if (th === null) return false;
    // NaN change (first row) compares false in both tests, as in pandas
    const ch = this.quotes.change[inst]![d]!;
    const up = ch >= th;
    const down = ch <= -th;
    return dir === 'buy' ? up : dir === 'sell' ? down : up || down;
  }

  /** Not suspended and not at a limit in `dir`. */
  isTradable(inst: number, d: number, dir: Direction): boolean {
    return !this.isSuspended(inst, d) && !this.isLimited(inst, d, dir);
  }

  /** Close of a day (NaN when suspended). */
  close(inst: number, d: number): number {
    return this.quotes.close[inst]![d]!;
  }

  /** Deal price; a missing or non-positive one falls back to the close, as Qlib's `get_deal_price`. */
  dealPrice(inst: number, d: number): number {
    const p = this.quotes.price[inst]![d]!;
    return Number.isNaN(p) || p <= 1e-8 ? this.close(inst, d) : p;
  }

  factor(inst: number, d: number): number {
    return this.quotes.factor[inst]![d]!;
  }

  /**
   * Rounds an adjusted amount down to whole lots of real shares: ⌊(amount·factor + 0.1) / unit⌋ · unit / factor.
   * No rounding without a trade unit, in adjusted-price mode, or when the factor is missing.
   */
  roundAmount(amount: number, factor: number): number {
    const unit = this.settings.tradeUnit;
    if (unit === null || this.quotes.adjustedPriceMode || Number.isNaN(factor)) return amount;
    return (Math.floor((amount * factor + 0.1) / unit) * unit) / factor;
  }

  /** Largest adjusted amount `cash` can buy at `price` with cost rate `r` (Qlib's `_get_buy_amount_by_cash_limit`). */
  private maxBuyAmount(cash: number, price: number, r: number): number {
    const minCost = this.settings.minCost;
    if (cash < minCost) return 0;
    if (r > 0 && cash >= minCost / r + minCost) return cash / (1 + r) / price;
    return (cash - minCost) / price;
  }

  /**
   * Fills `order` on day `d` against `position` and updates it (Qlib's `deal_order` +
   * `_calc_trade_info_by_order`): untradable → nothing; volume cap; sells limited to the holding and
   * rounded to lots; buys shrunk to what the cash pays for, then rounded. Cost = max(value·rate, minCost).
   */
  deal(order: Order, d: number, position: Position): Fill {
    const { inst, direction } = order;
    if (!this.isTradable(inst, d, direction)) return NO_FILL;
    const price = this.dealPrice(inst, d);
    const factor = this.factor(inst, d);
    const s = this.settings;
    let amount = order.amount;
    const volume = this.quotes.volume[inst]![d]!;
    if (s.volumeThreshold !== null && Number.isFinite(volume)) amount = Math.min(amount, volume * s.volumeThreshold);
    let adj = 0;
    if (s.impactCost > 0 && volume > 0) adj = s.impactCost * ((amount * price) / (volume * price)) ** 2;
    const cash = position.cash;
    if (direction === 'sell') {
      const r = s.closeCost + adj;
      const held = position.amount(inst);
      if (!isClose(amount, held)) amount = this.roundAmount(Math.min(held, amount), factor);
      if (cash + amount * price < Math.max(amount * price * r, s.minCost)) amount = 0;
      return this.settle(order, amount, price, r, position);
    }
    const r = s.openCost + adj;
    const v = amount * price;
    if (cash < Math.max(v * r, s.minCost)) amount = 0;
    else if (cash < v + Math.max(v * r, s.minCost)) amount = this.roundAmount(Math.min(this.maxBuyAmount(cash, price, r), amount), factor);
    else amount = this.roundAmount(amount, factor);
    return this.settle(order, amount, price, r, position);
  }

  private settle(order: Order, amount: number, price: number, r: number, position: Position): Fill {
    const value = amount * price;
    if (!(value > 1e-5)) return NO_FILL;
    const cost = Math.max(value * r, this.settings.minCost);
    if (order.direction === 'buy') position.buy(order.inst, value, cost, price);
    else position.sell(order.inst, value, cost, price);
    return { amount, value, cost, price };
  }
}
