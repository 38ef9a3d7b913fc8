import type { PredictionColumns } from '@rollq/data';
import { averageEnsemble, type PredictionTable, weightedBlend } from '@rollq/ensemble';
import type { OnlineStrategy } from '../strategy/online-strategy.js';
import { mergeSignals, rowsSince, signalColumns } from './signal-file.js';
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

/**
 * Qlib's `prepare_signals(over_write=False)`: every strategy's collected predictions (only its committed
 * recorders, less those not trained yet), cut to the days the merge takes, blended, and merged with the old
 * signals. Returns the old signals when no strategy has predictions yet.
 */
export async function prepareSignals(
  strategies: readonly OnlineStrategy[],
  next: ManagerState,
  old: PredictionColumns | null,
  opts: { notYetTrained?: ReadonlySet<string>; warn: (m: string) => void },
): Promise<PredictionColumns | null> {
  const perStrategy: Record<string, Record<string, PredictionTable>> = {};
  // mergeSignals keeps the old signals before their last day and takes the rest from the new blend
  const since = old && old.datetime.length > 0 ? old.datetime[old.datetime.length - 1]! : null;
  for (const s of strategies) {
    const ids = (next.recorders[s.name] ?? []).filter((id) => !opts.notYetTrained?.has(id));
    const got = await s.collect(new Set(ids), opts.warn);
    if (Object.keys(got).length > 0) {
      perStrategy[s.name] = Object.fromEntries(Object.entries(got).map(([k, t]) => [k, rowsSince(t, since)]));
    }
  }
  if (Object.keys(perStrategy).length === 0) return old;
  return mergeSignals(old, signalColumns(blendStrategies(perStrategy, next)));
}
