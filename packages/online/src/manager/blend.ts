import { averageEnsemble, type PredictionTable, weightedBlend } from '@rollq/ensemble';
import type { ManagerState } from './state-schema.js';

/**
 * The manager's choice of blend: Qlib's `AverageEnsemble` over every strategy's per-class predictions, or
 * (`blend: 'weighted'`) each strategy averaged first, then blended with the strategies' weights.
 */
export function blendStrategies(
  perStrategy: Record<string, Record<string, PredictionTable>>,
  state: Pick<ManagerState, 'blend' | 'strategies'>,
): PredictionTable {
  if (state.blend !== 'weighted') return averageEnsemble(perStrategy);
  const weights = new Map(state.strategies.map((c) => [c.name, c.weight]));
  return weightedBlend(
    Object.fromEntries(Object.entries(perStrategy).map(([n, p]) => [n, { table: averageEnsemble(p), weight: weights.get(n) ?? 1 }])),
  );
}
