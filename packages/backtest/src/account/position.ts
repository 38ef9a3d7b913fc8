/** One holding: amount in adjusted shares, the last price it was valued at, and bars held. */
export interface Holding {
  amount: number;
  price: number;
  /** Bars held, counted at each bar end (0 on the day of the buy until that bar ends), Qlib's `count_day`. */
  count: number;
}

/**
 * Cash plus holdings keyed by instrument index, Qlib's `Position`. Insertion order is the iteration order
 * (Qlib iterates a Python set, whose order is arbitrary; ours is deterministic).
 */
export class Position {
  cash: number;
  readonly holdings: Map<number, Holding>;

  constructor(cash: number, holdings: Map<number, Holding> = new Map()) {
    this.cash = cash;
    this.holdings = holdings;
  }

  /** A deep copy, for the strategy's simulated fills. */
  clone(): Position {
    const h = new Map<number, Holding>();
    // forEach, not for…of: no entry array or iterator result per holding (a backtest clones ~14k of them)
    this.holdings.forEach((v, k) => {
      h.set(k, { amount: v.amount, price: v.price, count: v.count });
    });
    return new Position(this.cash, h);
  }

  amount(inst: number): number {
    return this.holdings.get(inst)?.amount ?? 0;
  }

  /** Σ amount × price. */
  stockValue(): number {
    let v = 0;
    this.holdings.forEach((h) => {
      v += h.amount * h.price;
    });
    return v;
  }

  /** Records a filled buy: amount += value / price, cash −= value + cost. */
  buy(inst: number, value: number, cost: number, price: number): void {
    const amount = value / price;
    const h = this.holdings.get(inst);
    if (h) h.amount += amount;
    else this.holdings.set(inst, { amount, price, count: 0 });
    this.cash -= value + cost;
  }

  /** Records a filled sell; a sell of (numerically) the whole amount removes the holding, as Qlib's np.isclose. */
  sell(inst: number, value: number, cost: number, price: number): void {
    const amount = value / price;
    const h = this.holdings.get(inst);
    if (h) {
      if (isClose(h.amount, amount)) this.holdings.delete(inst);
      else h.amount -= amount;
    }
    this.cash += value - cost;
  }
}

/** numpy.isclose with its defaults (rtol 1e-5, atol 1e-8). */
export function isClose(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);
}
