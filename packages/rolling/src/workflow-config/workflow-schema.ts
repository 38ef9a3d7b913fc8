import { IsoDate } from '@rollq/data';
import { z } from '@rollq/data/zod';
import { classSpecSchema, handlerKwargsSchema, taskSchema } from '../task/task-schema.js';

/**
 * `qlib_init`: where the data is. Loose, because `qlib.init` accepts any setting (caches, kernels…);
 * the ones rollq reads are typed.
 */
export const qlibInitSchema = z
  .looseObject({
    provider_uri: z
      .union([z.string().min(1), z.record(z.string(), z.string().min(1))])
      .describe('Qlib data folder (or {freq: folder}); ~ is expanded, relative paths are taken from the YAML file (required)'),
    region: z.enum(['cn', 'us', 'tw']).default('cn').describe('market region: trading rules and defaults (default: cn)'),
    mongo: z
      .strictObject({
        task_url: z
          .string()
          .default('mongodb://localhost:27017/')
          .describe('MongoDB URL of the task pool (default: mongodb://localhost:27017/)'),
        task_db_name: z.string().default('default_task_db').describe('database of the task pool (default: default_task_db)'),
      })
      .optional()
      .describe('TaskManager settings (default: none)'),
  })
  .describe('qlib_init: {provider_uri, region?, mongo?, …}');

/** `port_analysis_config`: the strategy (usually with `signal: <PRED>`) and the backtest settings. */
export const portAnalysisSchema = z
  .looseObject({
    strategy: classSpecSchema.describe('the trading strategy, e.g. TopkDropoutStrategy (required)'),
    backtest: z
      .looseObject({
        start_time: IsoDate.describe('first backtest day (required)'),
        end_time: IsoDate.describe('last backtest day (required)'),
        account: z.number().positive().optional().describe('initial cash (default: the backtest package default)'),
        benchmark: z.string().optional().describe('benchmark instrument (default: the top-level benchmark)'),
        exchange_kwargs: z
          .record(z.string(), z.unknown())
          .optional()
          .describe('exchange settings: costs, limits, deal price (default: {})'),
      })
      .describe('backtest: {start_time, end_time, account?, benchmark?, exchange_kwargs?}'),
  })
  .describe('port_analysis_config: {strategy, backtest}');

/**
 * A Qlib workflow file (`qrun` layout). Loose at the top level as `qrun` is — users park anchors in
 * keys of their own — while `task`, class specs and segments are strict.
 */
export const workflowConfigSchema = z
  .looseObject({
    qlib_init: qlibInitSchema,
    market: z.string().optional().describe('instrument universe, e.g. csi300 (default: none)'),
    benchmark: z.string().optional().describe('benchmark instrument, e.g. SH000300 (default: none)'),
    data_handler_config: handlerKwargsSchema.optional().describe('handler kwargs, usually anchored and reused (default: none)'),
    port_analysis_config: portAnalysisSchema.optional(),
    task: taskSchema.describe('the task: {model, dataset, record?} (required)'),
    experiment_name: z.string().min(1).optional().describe('experiment to record into (default: workflow)'),
    sys: z
      .looseObject({ path: z.array(z.string()).optional(), rel_path: z.array(z.string()).optional() })
      .optional()
      .describe('Python import paths; ignored by rollq (default: none)'),
  })
  .describe('Qlib workflow config');

/** A validated workflow file. `qlib_init.provider_uri` is absolute after loading. */
export type WorkflowConfig = z.output<typeof workflowConfigSchema>;

/** Top-level keys rollq knows; others are kept but reported (unless they only hold a YAML anchor). */
export const KNOWN_TOP_LEVEL_KEYS: ReadonlySet<string> = new Set(Object.keys(workflowConfigSchema.shape));
