import {
  type AccountState,
  benchmarkReturns,
  dealPriceLoader,
  Exchange,
  type Holding,
  Position,
  Quotes,
  type RiskLog,
  type Signal,
  type Strategy,
  seededRandom,
  TopkDropoutStrategy,
  tradingStep,
  WeightStrategy,
} from '@rollq/backtest';
import type { QlibProvider } from '@rollq/data';
import type { UserSettings } from './user-config.js';
import type { UserAccount, UserDay, UserRecord } from './user-state.js';

/** The backtest strategy of a user's settings. */
export function userStrategy(settings: UserSettings): Strategy {
  const s = settings.strategy;
  return s.class === 'WeightStrategy' ? new WeightStrategy(s.kwargs) : new TopkDropoutStrategy(s.kwargs);
}

/** A fresh account with the user's cash. */
export function newAccount(cash: number): UserAccount {
  return { cash, holdings: [], prevValue: cash, peakValue: cash, totalTurnover: 0, totalCost: 0, randomDraws: 0 };
}

/** The seeded generator advanced past `draws` numbers, counting what it draws next. */
function replayedRandom(seed: number, draws: number): { random: () => number; draws: () => number } {
  const base = seededRandom(seed);
  for (let i = 0; i < draws; i++) base();
  let n = draws;
  return {
    random: () => {
      n++;
      return base();
    },
    draws: () => n,
  };
}

/** What {@link advanceUser} reports after each committed day. */
export interface UserDayDone {
  date: string;
  /** Days of this call committed so far, and in all. */
  done: number;
  total: number;
}

/**
 * Trades user `user` day by day from the trading day after its `lastDate` through `until`, the way Qlib's
 * online operator does for each day D: orders generated on the scores of D−1, executed with the exchange
 * at D's prices, then the account and report updated. Each day is {@link tradingStep} (the backtest's own
 * executor step); each day's new record and journal day are passed to `commit` before the next day starts,
 * so a crash leaves the user after its last committed day. The quotes are read from the user's first trading
 * day, so the steps see the same exchange a backtest of the user's whole life would. Returns the last record.
 */
export async function advanceUser(
  user: UserRecord,
  provider: QlibProvider,
  signal: Signal,
  until: string,
  commit: (next: UserRecord, day: UserDay, done: UserDayDone) => Promise<void>,
): Promise<UserRecord> {
  const cal = provider.calendar;
  const startPos = cal.bisectRight(user.addDate);
  const lastPos = cal.bisectRight(user.lastDate) - 1;
  const toPos = cal.bisectRight(until) - 1;
  if (toPos <= lastPos || toPos < startPos) return user;
  const settings = user.settings;
  const inSignal = new Set(signal.symbols);
  // a held name the signal no longer scores still needs its quotes (revaluation, a later sell)
  const symbols = [...signal.symbols, ...user.account.holdings.map((h) => h.instrument).filter((s) => !inSignal.has(s))];
  const quotes = Quotes.load(provider, symbols, startPos, toPos, dealPriceLoader(provider, settings.exchange.dealPrice, undefined));
  const exchange = new Exchange(quotes, settings.exchange);
  const bench = benchmarkReturns(provider, settings.benchmark, startPos, toPos, signal.symbols);
  const strategy = userStrategy(settings);
  const holdings = new Map<number, Holding>();
  for (const h of user.account.holdings) holdings.set(quotes.indexOf(h.instrument), { amount: h.amount, price: h.price, count: h.count });
  const state: AccountState = {
    position: new Position(user.account.cash, holdings),
    prevValue: user.account.prevValue,
    peakValue: user.account.peakValue,
    totalTurnover: user.account.totalTurnover,
    totalCost: user.account.totalCost,
  };
  const rng = replayedRandom(settings.seed, user.account.randomDraws);
  let cur = user;
  const total = toPos - lastPos;
  for (let p = lastPos + 1; p <= toPos; p++) {
    const d = p - startPos;
    const log: RiskLog = [];
    const score = signal.day(p - 1);
    const { trades, row } = tradingStep(state, { day: d, exchange, strategy, score, random: rng.random, log, bench: bench[d]! });
    const name = (i: number) => symbols[i]!;
    const positions = [...state.position.holdings].map(([i, h]) => ({ instrument: name(i), ...h }));
    const day: UserDay = {
      date: cal.date(p),
      signalDate: score ? cal.date(p - 1) : null,
      row,
      trades: trades.map(({ day: _, inst, ...t }) => ({ instrument: name(inst), ...t })),
      positions: positions.map((h) => ({ ...h, weight: (h.amount * h.price) / row.account })),
      risk: log.map((e) => ({ instrument: e.inst < 0 ? null : name(e.inst), check: e.check, before: e.before, after: e.after })),
    };
    cur = {
      ...cur,
      lastDate: day.date,
      account: {
        cash: state.position.cash,
        holdings: positions,
        prevValue: state.prevValue,
        peakValue: state.peakValue,
        totalTurnover: state.totalTurnover,
        totalCost: state.totalCost,
        randomDraws: rng.draws(),
      },
      dayCount: cur.dayCount + 1,
    };
    await commit(cur, day, { date: day.date, done: p - lastPos, total });
  }
  return cur;
}
