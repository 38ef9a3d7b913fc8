import type { PredictionColumns } from '@rollq/data';
import type { RecorderStore } from '@rollq/workflow';
import type { OnlineStrategy } from '../strategy/online-strategy.js';
import type { ModelTrainer } from '../trainer/trainer.js';
import type { ManagerState } from './state-schema.js';

/** What {@link delayPrepare} works with. */
export interface DelayPrepareParts {
  strategies: readonly OnlineStrategy[];
  store: RecorderStore;
  /** The delay trainer whose `endTrain` fits the recorded tasks. */
  trainer: ModelTrainer;
  /** The signals before the simulation (null when none). */
  signals: PredictionColumns | null;
  /** Prepares the signals from `old`, leaving out the recorders still `pending` (not trained yet). */
  prepare: (old: PredictionColumns | null, pending: ReadonlySet<string>) => Promise<PredictionColumns | null>;
}

/**
 * Qlib's `delay_prepare`: walks the simulated history from `firstEntry`, and wherever a strategy's online set
 * changed, trains that set (the delay trainer's `endTrain`), tags it online and prepares the signals there, so
 * each day's signal comes from the models online that day. Recorders the simulation logged but has not trained
 * yet are left out of the signals until trained (they have no predictions yet). Returns the final signals.
 */
export async function delayPrepare(next: ManagerState, firstEntry: number, parts: DelayPrepareParts): Promise<PredictionColumns | null> {
  const before = next.history[firstEntry - 1];
  const last = new Map(parts.strategies.map((s) => [s.name, new Set(before?.online[s.name] ?? [])]));
  let signals = parts.signals;
  let changedAny = false;
  const pending = new Set(next.history.slice(firstEntry).flatMap((e) => Object.values(e.trained).flat()));
  for (const entry of next.history.slice(firstEntry)) {
    let changed = false;
    for (const s of parts.strategies) {
      const ids = entry.online[s.name] ?? [];
      const prev = last.get(s.name)!;
      if (prev.size === ids.length && ids.every((id) => prev.has(id))) continue;
      const recs = await Promise.all(ids.map((id) => parts.store.getRecorder(id)));
      await parts.trainer.endTrain(recs, s.name);
      for (const id of ids) pending.delete(id);
      await s.tool.resetOnlineTag(ids);
      last.set(s.name, new Set(ids));
      changed = true;
    }
    if (changed) {
      signals = await parts.prepare(signals, pending);
      changedAny = true;
    }
  }
  if (!changedAny || signals === null) signals = await parts.prepare(signals, pending);
  return signals;
}
