import { ExchangeConfig, type RegionDefaults, TopkDropoutConfig, WeightStrategyConfig } from '@rollq/backtest';
import { formatIssues, type InputIssue, inputIssues } from '@rollq/data';
import { z } from '@rollq/data/zod';
import { locatePath, readYamlSource, type YamlSource } from '@rollq/rolling';
import { camelCaseKeys, qlibIssuePath } from '@rollq/workflow';
import { OnlineError } from '../errors.js';

/** Qlib writes kwargs in snake_case (`n_drop`, `open_cost`); the backtest schemas take camelCase. */
const qlibKwargs = <S extends z.ZodType>(schema: S) => z.preprocess((v) => camelCaseKeys(v ?? {}), schema);

/** The strategy of a user: Qlib's `{class, kwargs}` (TopK-dropout, or target weights as a WeightStrategyBase). */
export const UserStrategyConfig = z.discriminatedUnion('class', [
  z.strictObject({
    class: z.literal('TopkDropoutStrategy'),
    kwargs: qlibKwargs(TopkDropoutConfig).describe('topk, n_drop, method_sell, … (Qlib names; default Qlib benchmark settings)'),
  }),
  z.strictObject({
    class: z.literal('WeightStrategy'),
    kwargs: qlibKwargs(WeightStrategyConfig).describe('topk, weighting, risk_degree, max_weight, turnover_limit'),
  }),
]);
export type UserStrategyConfig = z.output<typeof UserStrategyConfig>;

/**
 * A user's config file (`rollq user add --config user.yaml`), Qlib's `user.yaml` of the online operator:
 * starting cash, strategy, which signal of the online state it trades, exchange settings. What is not given
 * comes from the state's region, as `rollq backtest` does.
 */
export const UserConfigFile = z.strictObject({
  account: z.number().positive().optional().describe('initial cash (default: the region default, 100000000)'),
  strategy: UserStrategyConfig.describe('{class: TopkDropoutStrategy | WeightStrategy, kwargs}'),
  signal: z
    .string()
    .min(1)
    .default('blend')
    .describe("'blend' (the state's blended signal, default) or the name of one strategy of the state"),
  exchange: z.record(z.string(), z.unknown()).default({}).describe('exchange kwargs: deal_price, open_cost, … (default: the region)'),
  benchmark: z.string().nullable().optional().describe('benchmark for the report (default: the region; null: none)'),
  seed: z.number().int().default(0).describe('seed of the random buy/sell methods (default 0)'),
});

/** The settings a user trades with, every default resolved at `add` (a later rollq keeps them as they were). */
export const UserSettings = z.strictObject({
  account: z.number().positive(),
  strategy: UserStrategyConfig,
  signal: z.string().min(1),
  exchange: ExchangeConfig,
  benchmark: z.string().nullable(),
  seed: z.number().int(),
});
export type UserSettings = z.output<typeof UserSettings>;

function configError(file: string, found: readonly InputIssue[], src: YamlSource | null, raw: unknown): OnlineError {
  // paths as the file spells them (`nDorp` → `n_dorp`), for messages and positions
  const issues = found.map((i) => ({ ...i, path: qlibIssuePath(raw, i.path) }));
  const locate = (i: InputIssue) => {
    if (!src) return undefined;
    const p = locatePath([src], i.path, i.kind === 'unknown_field');
    return `${p.file}:${p.line}:${p.col}`;
  };
  return new OnlineError(
    'USER_CONFIG_INVALID',
    `user config ${file} is invalid (${issues.length} problem${issues.length > 1 ? 's' : ''}):\n  ${formatIssues(issues, { separator: '\n  ', locate })}`,
    {
      hint: 'a user config has account (cash), strategy {class: TopkDropoutStrategy | WeightStrategy, kwargs}, signal (blend or a strategy name), exchange kwargs',
      details: { file, issues },
    },
  );
}

/**
 * Reads a user config file and resolves it against the region's defaults. Errors are `USER_CONFIG_INVALID`
 * naming each problem at its `file:line:col`.
 *
 * @example
 * ```ts
 * const settings = readUserConfig('alice.yaml', regionDefaults('us'));
 * settings.exchange.tradeUnit; // 1 unless alice.yaml sets exchange.trade_unit
 * ```
 */
export function readUserConfig(
  file: string,
  region: RegionDefaults,
  env: Readonly<Record<string, string | undefined>> = process.env,
): UserSettings {
  let src: YamlSource;
  try {
    src = readYamlSource(file, env);
  } catch (e) {
    const err = e as { message?: string; hint?: string };
    throw new OnlineError('USER_CONFIG_INVALID', String(err.message).replace(/^workflow file/, 'user config file'), {
      hint: err.hint?.replace(/a Qlib workflow_config_\*\.yaml/, 'a user config (account, strategy, signal)'),
      details: { file },
      cause: e,
    });
  }
  return resolveUserConfig(src.value, region, file, src);
}

/** {@link readUserConfig} for a value already read (`src` gives positions in messages). */
export function resolveUserConfig(
  value: unknown,
  region: RegionDefaults,
  file = 'user config',
  src: YamlSource | null = null,
): UserSettings {
  const parsed = UserConfigFile.safeParse(value);
  if (!parsed.success) throw configError(file, inputIssues(parsed.error.issues), src, value);
  const c = parsed.data;
  const exchange = ExchangeConfig.safeParse({ ...region.exchange, ...(camelCaseKeys(c.exchange) as object) });
  if (!exchange.success) {
    const issues = inputIssues(exchange.error.issues).map((i) => ({ ...i, path: ['exchange', ...i.path] }));
    throw configError(file, issues, src, value);
  }
  return {
    account: c.account ?? region.account,
    strategy: c.strategy,
    signal: c.signal,
    exchange: exchange.data,
    benchmark: c.benchmark === undefined ? region.benchmark : c.benchmark,
    seed: c.seed,
  };
}
