import { z } from '@rollq/data/zod';
import { parseKwargs } from '../core/kwargs.js';
import { ModelError } from '../errors.js';

/**
 * Every parameter of LightGBM 4.7.0 with its aliases, as the library itself lists them
 * (`LGBM_DumpParamAliases`): the names `LGBModel` accepts and passes to LightGBM unchanged.
 */
export const LIGHTGBM_PARAM_ALIASES: Readonly<Record<string, readonly string[]>> = {
  alpha: [],
  auc_mu_weights: [],
  bagging_by_query: [],
  bagging_fraction: ['bagging', 'sub_row', 'subsample'],
  bagging_freq: ['subsample_freq'],
  bagging_seed: ['bagging_fraction_seed'],
  bin_construct_sample_cnt: ['subsample_for_bin'],
  boost_from_average: [],
  boosting: ['boost', 'boosting_type'],
  cat_l2: [],
  cat_smooth: [],
  categorical_feature: ['cat_column', 'cat_feature', 'categorical_column', 'categorical_features'],
  cegb_penalty_feature_coupled: [],
  cegb_penalty_feature_lazy: [],
  cegb_penalty_split: [],
  cegb_tradeoff: [],
  config: ['config_file'],
  convert_model: ['convert_model_file'],
  convert_model_language: [],
  data: ['data_filename', 'train', 'train_data', 'train_data_file'],
  data_random_seed: ['data_seed'],
  data_sample_strategy: [],
  deterministic: [],
  device_type: ['device'],
  drop_rate: ['rate_drop'],
  drop_seed: [],
  early_stopping_min_delta: [],
  early_stopping_round: ['early_stopping', 'early_stopping_rounds', 'n_iter_no_change'],
  enable_bundle: ['bundle', 'is_enable_bundle'],
  eval_at: ['map_at', 'map_eval_at', 'ndcg_at', 'ndcg_eval_at'],
  extra_seed: [],
  extra_trees: ['extra_tree'],
  fair_c: [],
  feature_contri: ['fc', 'feature_contrib', 'feature_penalty', 'fp'],
  feature_fraction: ['colsample_bytree', 'sub_feature'],
  feature_fraction_bynode: ['colsample_bynode', 'sub_feature_bynode'],
  feature_fraction_seed: [],
  feature_pre_filter: [],
  first_metric_only: [],
  force_col_wise: [],
  force_row_wise: [],
  forcedbins_filename: [],
  forcedsplits_filename: ['forced_splits', 'forced_splits_file', 'forced_splits_filename', 'fs'],
  gpu_device_id: [],
  gpu_device_id_list: [],
  gpu_platform_id: [],
  gpu_use_dp: [],
  group_column: ['group', 'group_id', 'query', 'query_column', 'query_id'],
  header: ['has_header'],
  histogram_pool_size: ['hist_pool_size'],
  ignore_column: ['blacklist', 'ignore_feature'],
  input_model: ['model_in', 'model_input'],
  interaction_constraints: [],
  is_enable_sparse: ['enable_sparse', 'is_sparse', 'sparse'],
  is_provide_training_metric: ['is_training_metric', 'train_metric', 'training_metric'],
  is_unbalance: ['unbalance', 'unbalanced_sets'],
  label_column: ['label'],
  label_gain: [],
  lambda_l1: ['l1_regularization', 'reg_alpha'],
  lambda_l2: ['l2_regularization', 'lambda', 'reg_lambda'],
  lambdarank_norm: [],
  lambdarank_position_bias_regularization: [],
  lambdarank_truncation_level: [],
  learning_rate: ['eta', 'shrinkage_rate'],
  linear_lambda: [],
  linear_tree: ['linear_trees'],
  local_listen_port: ['local_port', 'port'],
  machine_list_filename: ['machine_list', 'machine_list_file', 'mlist'],
  machines: ['nodes', 'workers'],
  max_bin: ['max_bins'],
  max_bin_by_feature: [],
  max_cat_threshold: [],
  max_cat_to_onehot: [],
  max_delta_step: ['max_leaf_output', 'max_tree_output'],
  max_depth: [],
  max_drop: [],
  metric: ['metric_types', 'metrics'],
  metric_freq: ['output_freq'],
  min_data_in_bin: [],
  min_data_in_leaf: ['min_child_samples', 'min_data', 'min_data_per_leaf', 'min_samples_leaf'],
  min_data_per_group: [],
  min_gain_to_split: ['min_split_gain'],
  min_sum_hessian_in_leaf: ['min_child_weight', 'min_hessian', 'min_sum_hessian', 'min_sum_hessian_per_leaf'],
  monotone_constraints: ['mc', 'monotone_constraint', 'monotonic_cst'],
  monotone_constraints_method: ['mc_method', 'monotone_constraining_method'],
  monotone_penalty: ['mc_penalty', 'monotone_splits_penalty', 'ms_penalty'],
  multi_error_top_k: [],
  neg_bagging_fraction: ['neg_bagging', 'neg_sub_row', 'neg_subsample'],
  num_class: ['num_classes'],
  num_gpu: [],
  num_grad_quant_bins: [],
  num_iteration_predict: [],
  num_iterations: [
    'max_iter',
    'n_estimators',
    'n_iter',
    'nrounds',
    'num_boost_round',
    'num_iteration',
    'num_round',
    'num_rounds',
    'num_tree',
    'num_trees',
  ],
  num_leaves: ['max_leaf', 'max_leaf_nodes', 'max_leaves', 'num_leaf'],
  num_machines: ['num_machine'],
  num_threads: ['n_jobs', 'nthread', 'nthreads', 'num_thread'],
  objective: ['app', 'application', 'loss', 'objective_type'],
  objective_seed: [],
  other_rate: [],
  output_model: ['model_out', 'model_output'],
  output_result: ['name_pred', 'pred_name', 'predict_name', 'predict_result', 'prediction_name', 'prediction_result'],
  parser_config_file: [],
  path_smooth: [],
  poisson_max_delta_step: [],
  pos_bagging_fraction: ['pos_bagging', 'pos_sub_row', 'pos_subsample'],
  pre_partition: ['is_pre_partition'],
  precise_float_parser: [],
  pred_early_stop: [],
  pred_early_stop_freq: [],
  pred_early_stop_margin: [],
  predict_contrib: ['contrib', 'is_predict_contrib'],
  predict_disable_shape_check: [],
  predict_leaf_index: ['is_predict_leaf_index', 'leaf_index'],
  predict_raw_score: ['is_predict_raw_score', 'predict_rawscore', 'raw_score'],
  quant_train_renew_leaf: [],
  refit_decay_rate: [],
  reg_sqrt: [],
  save_binary: ['is_save_binary', 'is_save_binary_file'],
  saved_feature_importance_type: [],
  scale_pos_weight: [],
  seed: ['random_seed', 'random_state'],
  sigmoid: [],
  skip_drop: [],
  snapshot_freq: ['save_period'],
  start_iteration_predict: [],
  stochastic_rounding: [],
  task: ['task_type'],
  time_out: [],
  top_k: ['topk'],
  top_rate: [],
  tree_learner: ['tree', 'tree_learner_type', 'tree_type'],
  tweedie_variance_power: [],
  two_round: ['two_round_loading', 'use_two_round_loading'],
  uniform_drop: [],
  use_missing: [],
  use_quantized_grad: [],
  valid: ['test', 'test_data', 'test_data_file', 'valid_data', 'valid_data_file', 'valid_filenames'],
  verbosity: ['verbose'],
  weight_column: ['weight'],
  xgboost_dart_mode: [],
  zero_as_missing: [],
};

/** A parameter value LightGBM parses from its `key=value` string: no whitespace inside. */
const token = z.string().regex(/^\S+$/, 'a LightGBM parameter value has no spaces');
const anyValue = z.union([z.number(), z.boolean(), token, z.array(z.union([z.number(), token]))]);
const fraction = z.number().gt(0).max(1);
const int = z.int();

/** Value types of the parameters Qlib's configs use (any alias gets its main name's type); the rest take {@link anyValue}. */
const TYPED: Record<string, z.ZodType> = {
  objective: token,
  boosting: token,
  metric: z.union([token, z.array(token)]),
  learning_rate: z.number().positive(),
  num_leaves: int.min(2),
  max_depth: int,
  lambda_l1: z.number().min(0),
  lambda_l2: z.number().min(0),
  feature_fraction: fraction,
  feature_fraction_bynode: fraction,
  bagging_fraction: fraction,
  bagging_freq: int.min(0),
  min_data_in_leaf: int.min(0),
  min_sum_hessian_in_leaf: z.number().min(0),
  min_gain_to_split: z.number().min(0),
  max_bin: int.min(2),
  num_threads: int,
  num_class: int.min(1),
  seed: int,
  bagging_seed: int,
  feature_fraction_seed: int,
  data_random_seed: int,
  verbosity: int,
  early_stopping_min_delta: z.number().min(0),
  first_metric_only: z.boolean(),
  deterministic: z.boolean(),
  force_col_wise: z.boolean(),
  force_row_wise: z.boolean(),
  use_missing: z.boolean(),
  zero_as_missing: z.boolean(),
  feature_pre_filter: z.boolean(),
  extra_trees: z.boolean(),
};

/** Parameter groups rollq handles itself instead of passing them on (Qlib's `LGBModel.__init__` / `fit` kwargs). */
const ROUNDS = ['num_boost_round', 'num_iterations', ...LIGHTGBM_PARAM_ALIASES.num_iterations.filter((a) => a !== 'num_boost_round')];
const STOPPING = [
  'early_stopping_rounds',
  'early_stopping_round',
  ...LIGHTGBM_PARAM_ALIASES.early_stopping_round.filter((a) => a !== 'early_stopping_rounds'),
];
/**
 * Objective aliases other than `objective`: Qlib always sets `objective` (from `loss`), and LightGBM's
 * Python package then drops these, so they would do nothing; rejected instead.
 */
const DROPPED = new Set(LIGHTGBM_PARAM_ALIASES.objective);

function buildShape(): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {
    loss: z.enum(['mse', 'binary']).optional().describe("Qlib's loss: 'mse' (LightGBM objective 'regression', default) or 'binary'"),
    num_boost_round: int
      .positive()
      .optional()
      .describe("boosting rounds (default 1000, Qlib's; LightGBM's num_iterations and its aliases mean the same)"),
    early_stopping_rounds: int
      .min(0)
      .optional()
      .describe("stop after this many rounds without a valid improvement, 0 = never (default 50, Qlib's)"),
    bins_from: z
      .enum(['fit_window', 'train'])
      .optional()
      .describe(
        "rollq's own: the rows LightGBM's bins are fitted on when the handler's fit window lies inside train: 'fit_window' (default; binned once for all the tasks of a rolling run) or 'train' (each task's own train rows, as Qlib)",
      ),
  };
  for (const [main, aliases] of Object.entries(LIGHTGBM_PARAM_ALIASES)) {
    for (const name of [main, ...aliases]) {
      if (name in shape || DROPPED.has(name)) continue;
      const type = ROUNDS.includes(name) ? int.positive() : STOPPING.includes(name) ? int.min(0) : (TYPED[main] ?? anyValue);
      shape[name] = type.optional().describe(name === main ? 'LightGBM parameter' : `LightGBM alias of ${main}`);
    }
  }
  return shape;
}

/**
 * Kwargs of `LGBModel`, Qlib's: `loss`, `num_boost_round`, `early_stopping_rounds`, rollq's `bins_from`, and
 * any LightGBM 4.7.0 parameter under its name or one of its aliases (`colsample_bytree`, `subsample`, `lambda_l1`, …), passed
 * to LightGBM unchanged. A name LightGBM does not know is `CONFIG_INVALID` (with the closest name), and so
 * are two aliases of one parameter.
 */
export const LGBKwargsSchema = z.strictObject(buildShape());
export type LGBKwargs = z.output<typeof LGBKwargsSchema>;

/** The kwargs named in `CONFIG_INVALID` hints (the full list is every LightGBM parameter and alias). */
export const LGB_KWARGS_HINT =
  'loss, num_boost_round, early_stopping_rounds, and any LightGBM 4.7.0 parameter or alias (num_leaves, max_depth, ' +
  'learning_rate, colsample_bytree, subsample, bagging_freq, lambda_l1, lambda_l2, min_data_in_leaf, num_threads, seed, metric, …)';

/**
 * Parses `LGBModel` kwargs (`CONFIG_INVALID` on an unknown name or a bad value) and rejects two aliases of
 * one parameter. The result keeps the config's key order, so the parameter string reads like the YAML.
 */
export function parseLGBKwargs(kwargs: unknown): LGBKwargs {
  const parsed = parseKwargs('LGBModel', LGBKwargsSchema, kwargs, LGB_KWARGS_HINT);
  const out: LGBKwargs = {};
  for (const k of Object.keys((kwargs ?? {}) as object)) if (parsed[k] !== undefined) out[k] = parsed[k];
  resolveLGB(out);
  return out;
}

/** What an `LGBModel` fit runs: the LightGBM parameter string and Qlib's round control. */
export interface ResolvedLGB {
  /** The parameters as LightGBM gets them, in order (Qlib's `{objective, verbosity: -1, **kwargs}`, `force_col_wise` unless the kwargs pick a histogram mode, then `num_iterations`). */
  params: Record<string, string>;
  /** `params` as the C API's `key=value key=value` string (for the Dataset and the Booster, as LightGBM's Python package does). */
  paramString: string;
  numBoostRound: number;
  /** 0 = no early stopping. */
  earlyStoppingRounds: number;
  /** `early_stopping_min_delta`: an improvement must beat the best by more than this. */
  minDelta: number;
  /** `first_metric_only`: stop on the first metric alone. */
  firstMetricOnly: boolean;
  /** Threads for predict, when the kwargs set them. */
  numThreads?: number;
  /** `bins_from` (rollq's own, not passed to LightGBM): where the bins are fitted (see `binPlan`). */
  binsFrom: 'fit_window' | 'train';
}

function groupOf(name: string): string[] {
  if (ROUNDS.includes(name)) return ROUNDS;
  if (STOPPING.includes(name)) return STOPPING;
  for (const [main, aliases] of Object.entries(LIGHTGBM_PARAM_ALIASES))
    if (name === main || aliases.includes(name)) return [main, ...aliases];
  return [name];
}

/** The one value of a parameter group given under any of its names, or undefined. */
function pickGroup(kw: Record<string, unknown>, group: string[]): unknown {
  const given = group.filter((n) => kw[n] !== undefined);
  return given.length ? kw[given[0]] : undefined;
}

function formatValue(v: unknown): string {
  if (Array.isArray(v)) return v.map(formatValue).join(',');
  return String(v);
}

/**
 * Builds LightGBM's parameters from `LGBModel` kwargs the way Qlib's `LGBModel` and `lgb.train` do:
 * `objective` from `loss` ('mse' → 'regression'), `verbosity=-1`, then every kwarg unchanged (an
 * `objective` or `verbosity` kwarg overrides), `force_col_wise=true` unless the kwargs set `force_col_wise` /
 * `force_row_wise` (LightGBM otherwise times both on the first round and may pick either on a busy machine, so
 * one task could train two different models), then `num_iterations`. `subsample` without `bagging_freq`
 * stays a no-op, as in LightGBM. Two aliases of one parameter are `CONFIG_INVALID`.
 */
export function resolveLGB(kw: LGBKwargs): ResolvedLGB {
  const given = Object.entries(kw).filter(([, v]) => v !== undefined) as [string, unknown][];
  const seen = new Map<string, string>();
  for (const [name] of given) {
    if (name === 'loss' || name === 'bins_from') continue;
    const group = groupOf(name);
    const head = group[0];
    const other = seen.get(head);
    if (other !== undefined) {
      throw new ModelError('CONFIG_INVALID', `LGBModel: kwargs "${other}" and "${name}" are aliases of one parameter`, {
        hint: `keep only one of ${group.join(', ')}`,
      });
    }
    seen.set(head, name);
  }
  const map = kw as Record<string, unknown>;
  const numBoostRound = (pickGroup(map, ROUNDS) as number | undefined) ?? 1000;
  const earlyStoppingRounds = (pickGroup(map, STOPPING) as number | undefined) ?? 50;
  const params: Record<string, string> = { objective: kw.loss === 'binary' ? 'binary' : 'regression', verbosity: '-1' };
  for (const [name, v] of given) {
    if (name === 'loss' || name === 'bins_from' || ROUNDS.includes(name) || STOPPING.includes(name)) continue;
    params[name] = formatValue(v);
  }
  // LightGBM picks col- or row-wise histograms by timing both on the first iteration, so a loaded machine can
  // flip the choice (and the float sums, and a near-tie split) from one run to the next: col-wise, the choice it
  // makes on an idle machine for these matrices, unless the kwargs say
  if (params.force_col_wise === undefined && params.force_row_wise === undefined) params.force_col_wise = 'true';
  params.num_iterations = String(numBoostRound);
  const threads = pickGroup(map, groupOf('num_threads')) as number | undefined;
  return {
    params,
    paramString: Object.entries(params)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
    numBoostRound,
    earlyStoppingRounds,
    minDelta: (pickGroup(map, groupOf('early_stopping_min_delta')) as number | undefined) ?? 0,
    firstMetricOnly: (pickGroup(map, groupOf('first_metric_only')) as boolean | undefined) ?? false,
    numThreads: threads,
    binsFrom: kw.bins_from === 'train' ? 'train' : 'fit_window',
  };
}
