import { IsoDate } from '@rollq/data';
import { z } from '@rollq/data/zod';
import { StrategyConfig } from '../strategy/strategy-config.js';

/** Version of the manager's state document; bump when its shape changes. */
export const MANAGER_STATE_VERSION = 1;

/** The canary gate: a new model goes online only if its valid IC >= the replaced model's minus `threshold`. */
export const CanaryConfig = z.strictObject({
  threshold: z.number().finite().describe('allowed drop of validation IC (required; 0 = must not be worse)'),
});
export type CanaryConfig = z.output<typeof CanaryConfig>;

/** One canary decision, as recorded in history. */
export const CanaryDecision = z.strictObject({
  strategy: z.string(),
  modelClass: z.string(),
  candidate: z.string().describe('recorder id of the new model'),
  replaces: z.string().nullable().describe('recorder id of the online model it would replace (null: none of its class)'),
  candidateIC: z.number().nullable(),
  replacedIC: z.number().nullable(),
  threshold: z.number(),
  accepted: z.boolean(),
});
export type CanaryDecision = z.output<typeof CanaryDecision>;

/** One step of history: which models were online per strategy after it (Qlib's `history[cur_time]`). */
export const HistoryEntry = z.strictObject({
  index: z.int().min(0),
  time: IsoDate.describe('the manager time of the step'),
  kind: z.enum(['first_train', 'routine', 'simulate', 'add_strategy', 'rollback']),
  online: z.record(z.string(), z.array(z.string())).describe('strategy -> online recorder ids'),
  trained: z.record(z.string(), z.array(z.string())).describe('strategy -> recorders trained (or begun) in this step'),
  canary: z.array(CanaryDecision).default([]),
  rollbackTo: z.int().min(0).optional().describe('history index restored by a rollback'),
});
export type HistoryEntry = z.output<typeof HistoryEntry>;

/** How strategy signals are blended (Qlib's AverageEnsemble, or weights per strategy). */
export const BlendConfig = z
  .enum(['average', 'weighted'])
  .default('average')
  .describe('average (Qlib AverageEnsemble) or weighted (strategy weights) (default average)');

/**
 * The manager's persistent state (`state.json`): plain JSON validated on read, never a pickle. Recorders
 * themselves live in the DirectoryRecorderStore beside it; `recorders` lists the ones committed by a
 * completed step, so recorders left by a crashed step can be told apart.
 */
export const ManagerState = z.strictObject({
  schemaVersion: z.literal(MANAGER_STATE_VERSION),
  region: z.string().default('cn').describe('Qlib region of the data (default cn)'),
  dataDir: z
    .string()
    .nullable()
    .default(null)
    .describe('absolute Qlib data folder the strategies read (set by init; null in older states)'),
  store: z
    .string()
    .default('recorders')
    .describe('recorder store location: a folder relative to the state folder, an absolute path, or a URL (default recorders)'),
  strategies: z.array(StrategyConfig),
  blend: BlendConfig,
  canary: CanaryConfig.nullable().default(null).describe('canary gate (default none: every new model goes online, as Qlib)'),
  beginTime: IsoDate,
  curTime: IsoDate,
  lastRoutine: IsoDate.nullable().default(null),
  status: z.enum(['online', 'simulating']).default('online'),
  recorders: z.record(z.string(), z.array(z.string())).describe('strategy -> committed recorder ids, in training order'),
  rejected: z.record(z.string(), z.array(z.string())).default({}).describe('strategy -> recorders the canary kept offline'),
  history: z.array(HistoryEntry),
  signals: z
    .strictObject({ file: z.string(), maxDate: IsoDate.nullable(), rows: z.int().min(0) })
    .nullable()
    .default(null),
  commit: z.int().min(0).default(0).describe('commits so far; names each signals file'),
});
export type ManagerState = z.output<typeof ManagerState>;
