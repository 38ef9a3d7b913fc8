import { makePredictionTable, parseOrThrow, readPredictionColumns } from '@rollq/data';
import { z } from '@rollq/data/zod';
import { EnsembleError } from './errors.js';
import { type PredictionTable, unionIndex } from './prediction-table.js';
import { dateGroups, zscoreByGroup } from './zscore.js';

/** One strategy's signal and its weight in the blend. */
export interface WeightedSignal {
  readonly table: PredictionTable;
  readonly weight: number;
}

/** Options of {@link weightedBlend}. */
export const weightedBlendOptionsSchema = z
  .strictObject({
    column: z.string().min(1).default('score').describe('value column read from each table (default: "score")'),
    standardize: z.boolean().default(true).describe('z-score each strategy per date before blending (default: true)'),
  })
  .describe('weightedBlend options');

/** Input accepted by {@link weightedBlend}'s options. */
export type WeightedBlendOptions = z.input<typeof weightedBlendOptionsSchema>;

const weightSchema = z.number().finite().min(0);

/**
 * Multi-strategy signal fusion: each strategy's `score` is z-scored per date (so a strategy whose raw
 * scores are larger cannot dominate), then the rows are a weighted mean over the strategies that
 * have a value there. Weights are normalised to sum to 1 and, on each row, re-normalised over the
 * strategies present — a stock one strategy does not cover is not pulled towards 0 by it, which is
 * also what Qlib's AverageEnsemble does for a missing column. Output: `datetime, instrument, score`.
 *
 * @example
 * ```ts
 * // 2:1 for the GBDT strategy; each signal is z-scored per day first (standardize: false to skip)
 * const signal = weightedBlend({ gbdt: { table: gbdtPreds, weight: 2 }, mlp: { table: mlpPreds, weight: 1 } });
 * ```
 */
export function weightedBlend(signals: Record<string, WeightedSignal>, options: WeightedBlendOptions = {}): PredictionTable {
  const { column, standardize } = parseOrThrow(weightedBlendOptionsSchema, options, {
    errorClass: EnsembleError,
    code: 'CONFIG_INVALID',
    what: 'invalid weightedBlend options',
    hint: 'options are { column?: string, standardize?: boolean }',
  });
  const entries = Object.entries(signals);
  if (entries.length === 0)
    throw new EnsembleError('CONFIG_INVALID', 'weightedBlend got no signals', { hint: 'pass {name: {table, weight}}' });
  for (const [name, s] of entries) {
    if (!weightSchema.safeParse(s.weight).success) {
      throw new EnsembleError('CONFIG_INVALID', `weight of strategy "${name}" is ${String(s.weight)}`, {
        hint: 'weights are finite numbers >= 0',
      });
    }
  }
  const total = entries.reduce((a, [, s]) => a + s.weight, 0);
  if (!(total > 0))
    throw new EnsembleError('CONFIG_INVALID', 'the strategy weights sum to 0', { hint: 'give at least one strategy a positive weight' });

  const parts = entries.map(([name, s]) => {
    const c = readPredictionColumns(s.table, `signal "${name}"`);
    const v = c.values.get(column);
    if (!v)
      throw new EnsembleError('TABLE_INVALID', `signal "${name}" has no "${column}" column (has ${[...c.values.keys()].join(', ')})`, {
        hint: 'pass options.column',
      });
    return { c, v, w: s.weight / total };
  });
  const index = unionIndex(parts.map((p) => p.c));
  const n = index.datetime.length;
  const groups = dateGroups(index.datetime);
  const acc = new Float64Array(n);
  const wsum = new Float64Array(n);
  parts.forEach((p, pi) => {
    const rows = index.rowsOf[pi]!;
    const col = new Float64Array(n).fill(NaN);
    for (let i = 0; i < rows.length; i++) col[rows[i]!] = p.v[i]!;
    if (standardize) zscoreByGroup(col, groups);
    for (let i = 0; i < n; i++) {
      const x = col[i]!;
      if (x === x) {
        acc[i]! += p.w * x;
        wsum[i]! += p.w;
      }
    }
  });
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) score[i] = wsum[i]! > 0 ? acc[i]! / wsum[i]! : NaN;
  return makePredictionTable(index.datetime, index.instrument, { score });
}
