import type { TaskConfig } from '@rollq/rolling';
import type { RecorderInfo, RecorderStore } from '@rollq/workflow';
import type { OnlineStrategy } from '../strategy/online-strategy.js';
import { VALID_IC_METRIC } from '../trainer/valid-ic-record.js';
import type { CanaryConfig, CanaryDecision, HistoryEntry } from './state-schema.js';

/** The outcome of the canary gate for one strategy step. */
export interface CanaryOutcome {
  /** The online set after the gate: accepted new models plus kept old ones of classes whose candidates failed. */
  online: RecorderInfo[];
  rejected: RecorderInfo[];
  decisions: CanaryDecision[];
}

const modelClass = (r: RecorderInfo): string => (r.task as unknown as TaskConfig | null)?.model.class ?? 'unknown';

/** A recorder's logged validation IC, or null when it has none (not trained yet, or no valid segment). */
export async function validIC(store: RecorderStore, id: string): Promise<number | null> {
  const series = (await store.getMetrics(id))[VALID_IC_METRIC];
  const v = series?.[series.length - 1]?.value;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * Beyond Qlib (the seed's canary release): each new model is compared with the online model of the same
 * model class it would replace; it goes online only if `candidateIC >= replacedIC - threshold`. An unknown
 * IC on either side (first model of its class, a delayed task not trained yet) accepts, so the gate never
 * blocks a strategy from starting. A class whose candidates are all rejected keeps its old online models.
 */
export async function applyCanary(
  store: RecorderStore,
  strategy: string,
  cfg: CanaryConfig,
  current: readonly RecorderInfo[],
  trained: readonly RecorderInfo[],
): Promise<CanaryOutcome> {
  const decisions: CanaryDecision[] = [];
  const accepted: RecorderInfo[] = [];
  const rejected: RecorderInfo[] = [];
  for (const cand of trained) {
    const cls = modelClass(cand);
    // the replaced model: the newest online model of the same class (online lists are newest first)
    const old = current.find((r) => modelClass(r) === cls) ?? null;
    const candidateIC = await validIC(store, cand.id);
    const replacedIC = old ? await validIC(store, old.id) : null;
    const ok = candidateIC === null || replacedIC === null || candidateIC >= replacedIC - cfg.threshold;
    (ok ? accepted : rejected).push(cand);
    decisions.push({
      strategy,
      modelClass: cls,
      candidate: cand.id,
      replaces: old?.id ?? null,
      candidateIC,
      replacedIC,
      threshold: cfg.threshold,
      accepted: ok,
    });
  }
  const acceptedClasses = new Set(accepted.map(modelClass));
  const kept = current.filter((r) => !acceptedClasses.has(modelClass(r)));
  return { online: accepted.length > 0 ? [...accepted, ...kept] : [...current], rejected, decisions };
}

/**
 * Puts a step's new models online, through the canary gate when `cfg` is set: the strategy's own
 * `prepareOnlineModels` without a canary (Qlib), else {@link applyCanary}'s set. Records the decisions in
 * `entry` and the rejected models in `rejected` (so their windows are not trained again).
 */
export async function goOnline(
  store: RecorderStore,
  s: OnlineStrategy,
  cfg: CanaryConfig | null,
  trained: RecorderInfo[],
  entry: HistoryEntry,
  rejected: Record<string, string[]>,
): Promise<RecorderInfo[]> {
  if (!cfg || trained.length === 0) return s.prepareOnlineModels(trained);
  const current = await s.tool.onlineModels();
  const out = await applyCanary(store, s.name, cfg, current, trained);
  entry.canary.push(...out.decisions);
  if (out.rejected.length > 0) rejected[s.name] = [...(rejected[s.name] ?? []), ...out.rejected.map((r) => r.id)];
  if (out.rejected.length === trained.length) return current;
  await s.tool.resetOnlineTag(out.online);
  return out.online;
}
