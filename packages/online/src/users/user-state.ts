import { IsoDate } from '@rollq/data';
import { z } from '@rollq/data/zod';
import { UserSettings } from './user-config.js';

/** Version of `user.json`; bump when its shape changes. */
export const USER_STATE_VERSION = 1;

const finite = z.number().finite();

/** One holding, by instrument name (positions are saved in the order the account acquired them). */
export const UserHolding = z.strictObject({
  instrument: z.string(),
  amount: finite.describe('adjusted shares'),
  price: finite.describe('last price it was valued at'),
  count: z.int().min(0).describe("bars held (Qlib's count_day)"),
});
export type UserHolding = z.output<typeof UserHolding>;

/** The account between two trading days: what {@link tradingStep} needs to continue (Qlib's `Account`). */
export const UserAccount = z.strictObject({
  cash: finite,
  holdings: z.array(UserHolding),
  prevValue: finite.describe('account value at the last close'),
  peakValue: finite,
  totalTurnover: finite,
  totalCost: finite,
  randomDraws: z.int().min(0).describe('numbers drawn from the seeded generator so far (replayed on load)'),
});
export type UserAccount = z.output<typeof UserAccount>;

/** One filled order of a user. */
export const UserTrade = z.strictObject({
  instrument: z.string(),
  direction: z.enum(['buy', 'sell']),
  amount: finite,
  price: finite,
  value: finite,
  cost: finite,
});

/** One trading day of a user: its report row (Qlib's `report_normal_1day` columns), trades and bar-end positions. */
export const UserDay = z.strictObject({
  date: IsoDate,
  signalDate: IsoDate.nullable().describe('the day of the scores the orders came from (null: no scores, no orders)'),
  row: z.strictObject({
    account: finite,
    return: finite,
    totalTurnover: finite,
    turnover: finite,
    totalCost: finite,
    cost: finite,
    value: finite,
    cash: finite,
    bench: finite,
  }),
  trades: z.array(UserTrade),
  positions: z.array(UserHolding.extend({ weight: finite })),
  risk: z
    .array(
      z.strictObject({
        instrument: z.string().nullable(),
        check: z.enum(['drawdown', 'concentration', 'liquidity']),
        before: finite,
        after: finite,
      }),
    )
    .default([]),
});
export type UserDay = z.output<typeof UserDay>;

/**
 * `<state>/users/<id>/user.json`: a user's settings and account between two trading days, as plain JSON
 * (Qlib pickles a `User`). Its daily journal lives beside it, one file per day (`days/<date>.json`); a day
 * is committed when `user.json` names it (`lastDate`, `dayCount`), so a crash leaves the user before or after
 * a day, never between, and each commit writes one day's data, not the whole history.
 */
export const UserRecord = z.strictObject({
  schemaVersion: z.literal(USER_STATE_VERSION),
  id: z.string(),
  addedAt: z.string().describe('ISO timestamp of `user add`'),
  addDate: IsoDate.describe('the user trades from the trading day after this one'),
  lastDate: IsoDate.describe('the last day the account was updated (addDate before the first trade)'),
  settings: UserSettings,
  account: UserAccount,
  dayCount: z.int().min(0).describe('trading days committed (the journal files up to lastDate)'),
});
export type UserRecord = z.output<typeof UserRecord>;

/** A user with its whole journal, oldest day first. */
export type UserState = UserRecord & { days: UserDay[] };
