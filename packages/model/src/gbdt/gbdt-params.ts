import { z } from '@rollq/data/zod';
import { ModelError } from '../errors.js';

/**
 * Kwargs of the GBDT model. Both LightGBM names (what Qlib's `LGBModel` YAML uses) and XGBoost names
 * (Qlib's `XGBModel`) are accepted; giving two aliases of one parameter is an error. Defaults depend on
 * `flavor`: `lightgbm` (Qlib's `LGBModel`, the default) starts from LightGBM's defaults, `xgboost`
 * (Qlib's `XGBModel`) from XGBoost's. How LightGBM names map onto XGBoost:
 *
 * | LightGBM kwarg                        | XGBoost parameter                        | note |
 * |---------------------------------------|------------------------------------------|------|
 * | `num_leaves`                          | `max_leaves` + `grow_policy=lossguide`   | leaf-wise growth like LightGBM |
 * | `max_depth` (-1 = none)               | `max_depth` (0 = none)                   | |
 * | `learning_rate`                       | `eta`                                    | |
 * | `lambda_l1` / `reg_alpha`             | `alpha`                                  | |
 * | `lambda_l2` / `reg_lambda`            | `lambda`                                 | |
 * | `colsample_bytree` / `feature_fraction` | `colsample_bytree`                     | |
 * | `subsample` / `bagging_fraction`      | `subsample`                              | LightGBM bags only when `bagging_freq` > 0; XGBoost samples every round |
 * | `min_data_in_leaf` / `min_child_samples` | `min_child_weight`                    | exact for squared error (hessian 1 per row) |
 * | `min_split_gain`                      | `gamma`                                  | |
 * | `max_bin`                             | `max_bin`                                | |
 * | `num_threads` / `n_jobs`              | `nthread`                                | |
 * | `num_boost_round` / `n_estimators`    | number of rounds                         | |
 * | `early_stopping_rounds`               | rounds without a valid improvement       | |
 * | `loss: mse` / `objective: regression` | `objective=reg:squarederror`             | `binary` → `binary:logistic` |
 * | `seed` / `random_state`               | `seed`                                   | |
 */
const num = z.number();
export const GBDTKwargsSchema = z.strictObject({
  flavor: z
    .enum(['lightgbm', 'xgboost'])
    .default('lightgbm')
    .describe('whose defaults apply: "lightgbm" (LGBModel, default) or "xgboost" (XGBModel)'),
  loss: z.enum(['mse', 'binary']).optional().describe('Qlib LGBModel loss (default "mse")'),
  objective: z
    .string()
    .optional()
    .describe('LightGBM ("regression", "binary") or XGBoost ("reg:squarederror", …) objective (default from loss)'),
  num_boost_round: z.int().positive().optional().describe("boosting rounds (default 1000, Qlib's)"),
  n_estimators: z.int().positive().optional().describe('alias of num_boost_round'),
  early_stopping_rounds: z
    .int()
    .min(0)
    .optional()
    .describe("stop after this many rounds without a valid improvement, 0 = never (default 50, Qlib's)"),
  learning_rate: num.positive().optional().describe('shrinkage (default 0.1 lightgbm / 0.3 xgboost)'),
  eta: num.positive().optional().describe('alias of learning_rate'),
  num_leaves: z.int().min(2).optional().describe('leaves per tree, leaf-wise growth (default 31 lightgbm; xgboost grows depth-wise)'),
  max_leaves: z.int().min(0).optional().describe('alias of num_leaves'),
  max_depth: z.int().min(-1).optional().describe('tree depth, -1 or 0 = unlimited (default -1 lightgbm / 6 xgboost)'),
  lambda_l1: num.min(0).optional().describe('L1 penalty on leaf weights (default 0)'),
  reg_alpha: num.min(0).optional().describe('alias of lambda_l1'),
  alpha: num.min(0).optional().describe('alias of lambda_l1 (XGBoost name)'),
  lambda_l2: num.min(0).optional().describe('L2 penalty on leaf weights (default 0 lightgbm / 1 xgboost)'),
  reg_lambda: num.min(0).optional().describe('alias of lambda_l2'),
  lambda: num.min(0).optional().describe('alias of lambda_l2 (XGBoost name)'),
  colsample_bytree: num.gt(0).max(1).optional().describe('feature fraction per tree (default 1)'),
  feature_fraction: num.gt(0).max(1).optional().describe('alias of colsample_bytree'),
  subsample: num.gt(0).max(1).optional().describe('row fraction per round (default 1)'),
  bagging_fraction: num.gt(0).max(1).optional().describe('alias of subsample'),
  bagging_freq: z.int().min(0).optional().describe('accepted for LightGBM configs; XGBoost samples every round'),
  min_data_in_leaf: num.min(0).optional().describe('min rows per leaf → min_child_weight (default 20 lightgbm / 1 xgboost)'),
  min_child_samples: num.min(0).optional().describe('alias of min_data_in_leaf'),
  min_child_weight: num.min(0).optional().describe('alias of min_data_in_leaf (XGBoost name)'),
  min_split_gain: num.min(0).optional().describe('min loss reduction to split (default 0)'),
  gamma: num.min(0).optional().describe('alias of min_split_gain'),
  max_bin: z.int().min(2).optional().describe('histogram bins (default 255 lightgbm / 256 xgboost)'),
  num_threads: z.int().min(0).optional().describe('threads, 0 = all cores (default 0)'),
  nthread: z.int().min(0).optional().describe('alias of num_threads'),
  n_jobs: z.int().optional().describe('alias of num_threads'),
  seed: z.int().optional().describe('random seed (default 0)'),
  random_state: z.int().optional().describe('alias of seed'),
  verbosity: z.int().optional().describe('ignored: progress goes through onProgress'),
  verbose: z.int().optional().describe('ignored: progress goes through onProgress'),
  eval_metric: z.string().optional().describe('XGBoost eval metric for early stopping (default "rmse", "logloss" for binary)'),
  tree_method: z.enum(['hist', 'approx', 'exact']).optional().describe('XGBoost tree method (default "hist")'),
  xgboost_lib: z.string().optional().describe('path to libxgboost.so (default: ROLLQ_XGBOOST_LIB, then the system, then Python xgboost)'),
});
export type GBDTKwargs = z.output<typeof GBDTKwargsSchema>;

/** What a GBDT fit runs: XGBoost booster parameters plus the round control. */
export interface ResolvedGBDT {
  params: Record<string, string>;
  numBoostRound: number;
  earlyStoppingRounds: number;
  /** Whether a lower eval metric is better (false for auc-like metrics). */
  minimize: boolean;
}

/** Picks the one value of a parameter given under any of its alias names. */
function pick<T>(kw: GBDTKwargs, names: (keyof GBDTKwargs)[], fallback: T): T {
  const given = names.filter((n) => kw[n] !== undefined);
  if (given.length > 1) {
    throw new ModelError('CONFIG_INVALID', `GBDT: kwargs ${given.map((g) => `"${g}"`).join(' and ')} are aliases of one parameter`, {
      hint: `keep only one of ${names.join(', ')}`,
    });
  }
  return given.length ? (kw[given[0]] as T) : fallback;
}

/** Maps parsed kwargs onto XGBoost parameters (see the table on {@link GBDTKwargsSchema}). */
export function resolveGBDT(kw: GBDTKwargs): ResolvedGBDT {
  const lgb = kw.flavor === 'lightgbm';
  const leaves = pick<number | undefined>(kw, ['num_leaves', 'max_leaves'], lgb ? 31 : undefined);
  const depth = pick<number>(kw, ['max_depth'], lgb ? -1 : 6);
  const objective = resolveObjective(kw);
  const threads = pick<number>(kw, ['num_threads', 'nthread', 'n_jobs'], 0);
  const params: Record<string, string> = {
    objective,
    tree_method: kw.tree_method ?? 'hist',
    eta: String(pick(kw, ['learning_rate', 'eta'], lgb ? 0.1 : 0.3)),
    max_depth: String(depth < 0 ? 0 : depth),
    alpha: String(pick(kw, ['lambda_l1', 'reg_alpha', 'alpha'], 0)),
    lambda: String(pick(kw, ['lambda_l2', 'reg_lambda', 'lambda'], lgb ? 0 : 1)),
    colsample_bytree: String(pick(kw, ['colsample_bytree', 'feature_fraction'], 1)),
    subsample: String(pick(kw, ['subsample', 'bagging_fraction'], 1)),
    min_child_weight: String(pick(kw, ['min_data_in_leaf', 'min_child_samples', 'min_child_weight'], lgb ? 20 : 1)),
    gamma: String(pick(kw, ['min_split_gain', 'gamma'], 0)),
    max_bin: String(kw.max_bin ?? (lgb ? 255 : 256)),
    seed: String(pick(kw, ['seed', 'random_state'], 0)),
    eval_metric: kw.eval_metric ?? (objective.startsWith('binary') ? 'logloss' : 'rmse'),
    verbosity: '0',
  };
  if (threads > 0) params.nthread = String(threads);
  if (leaves !== undefined) {
    params.grow_policy = 'lossguide';
    params.max_leaves = String(leaves);
  } else if (depth <= 0) {
    throw new ModelError('CONFIG_INVALID', 'GBDT: unlimited max_depth needs num_leaves (leaf-wise growth) to bound the trees', {
      hint: 'set num_leaves (e.g. 31) or a max_depth ≥ 1',
    });
  }
  return {
    params,
    numBoostRound: pick(kw, ['num_boost_round', 'n_estimators'], 1000),
    earlyStoppingRounds: kw.early_stopping_rounds ?? 50,
    minimize: !/^(auc|aucpr|map|ndcg|pre)/.test(params.eval_metric),
  };
}

function resolveObjective(kw: GBDTKwargs): string {
  const o = kw.objective;
  if (o === undefined) return kw.loss === 'binary' ? 'binary:logistic' : 'reg:squarederror';
  if (o.includes(':')) return o;
  const map: Record<string, string> = {
    regression: 'reg:squarederror',
    regression_l2: 'reg:squarederror',
    mse: 'reg:squarederror',
    l2: 'reg:squarederror',
    binary: 'binary:logistic',
    huber: 'reg:pseudohubererror',
  };
  const x = map[o];
  if (!x) {
    throw new ModelError('CONFIG_INVALID', `GBDT: objective "${o}" has no XGBoost equivalent`, {
      hint: `use one of ${Object.keys(map).join(', ')}, or an XGBoost objective such as "reg:squarederror"`,
    });
  }
  return x;
}
