import { EnsembleError } from './errors.js';
import { splitKey, tupleKey } from './keys.js';
import type { PredictionTable } from './prediction-table.js';
import { rollingEnsemble } from './rolling-ensemble.js';

/** Reduces one group of values to one value (Qlib's `Ensemble.__call__`). */
export type Ensemble<T, R> = (group: Record<string, T>) => R;

/** Splits a flat record into groups: group key -> (inner key -> value). */
export type GroupFunc<T> = (ungrouped: Record<string, T>) => Record<string, Record<string, T>>;

/**
 * Qlib's `Group`: groups the values, then reduces each group with the ensemble. Groups keep the
 * order in which their keys first appear.
 */
export class Group<T, R> {
  constructor(
    private readonly groupFunc: GroupFunc<T>,
    private readonly ens: Ensemble<T, R>,
  ) {}

  /** The groups, before reduction. */
  group(ungrouped: Record<string, T>): Record<string, Record<string, T>> {
    return this.groupFunc(ungrouped);
  }

  /** Groups and reduces: `{groupKey: ens(group)}`. */
  reduce(ungrouped: Record<string, T>): Record<string, R> {
    const out: Record<string, R> = {};
    for (const [k, g] of Object.entries(this.group(ungrouped))) out[k] = this.ens(g);
    return out;
  }

  /** {@link reduce} as a collector processor. */
  get processor(): (ungrouped: Record<string, T>) => Record<string, R> {
    return (u) => this.reduce(u);
  }
}

/**
 * Qlib's `RollingGroup`: tuple keys `(…A, R)` are grouped by all parts but the last (the rolling
 * key), and each group is merged with {@link rollingEnsemble} (or `ens`). `{["LGB","s1"]: A,
 * ["LGB","s2"]: B}` gives `{["LGB"]: rollingEnsemble({s1: A, s2: B})}`.
 */
export class RollingGroup<R = PredictionTable> extends Group<PredictionTable, R> {
  constructor(ens: Ensemble<PredictionTable, R> = rollingEnsemble as unknown as Ensemble<PredictionTable, R>) {
    super(groupByAllButLast, ens);
  }
}

function groupByAllButLast<T>(ungrouped: Record<string, T>): Record<string, Record<string, T>> {
  const out: Record<string, Record<string, T>> = {};
  for (const [key, v] of Object.entries(ungrouped)) {
    const parts = splitKey(key);
    if (parts === null || parts.length === 0) {
      throw new EnsembleError('GROUP_KEY_INVALID', `RollingGroup expects tuple keys (model…, rolling key), got "${key}"`, {
        hint: 'key the collected predictions with tupleKey(model, rollingKey)',
      });
    }
    const g = tupleKey(...parts.slice(0, -1));
    (out[g] ??= {})[parts[parts.length - 1]!] = v;
  }
  return out;
}
