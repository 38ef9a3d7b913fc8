import { parseIsoDate } from '@rollq/data';
import type { TaskConfig } from '@rollq/rolling';
import { OnlineError } from '../errors.js';
import type { OnlineStrategy } from '../strategy/online-strategy.js';
import type { HistoryEntry, ManagerState } from './state-schema.js';

/** One strategy in the manager's status. */
export interface StrategyStatus {
  name: string;
  online: Array<{ id: string; modelClass: string; test: [string | null, string | null] | null }>;
  recorders: number;
}

/** The manager's status: online models per strategy, last routine date, history length. */
export interface ManagerStatus {
  strategies: StrategyStatus[];
  curTime: string;
  lastRoutine: string | null;
  history: number;
  signalsTo: string | null;
}

/** The online set after the last history entry, per strategy. */
export function lastOnline(state: ManagerState): Record<string, string[]> {
  const h = state.history;
  return h.length > 0 ? h[h.length - 1]!.online : {};
}

/** A new history entry at `time`, starting from the last online set. */
export function newEntry(state: ManagerState, time: string, kind: HistoryEntry['kind']): HistoryEntry {
  return { index: state.history.length, time, kind, online: { ...lastOnline(state) }, trained: {}, canary: [] };
}

/** The history entry a rollback goes to: an index, or the last entry on or before a date. */
export function rollbackTarget(history: readonly HistoryEntry[], target: number | string): HistoryEntry {
  const day = typeof target === 'number' ? null : parseIsoDate(target, 'rollback date');
  const idx = day === null ? (target as number) : history.reduce((best, e) => (e.time <= day ? e.index : best), -1);
  const entry = history[idx];
  if (!entry) {
    throw new OnlineError(
      'HISTORY_NOT_FOUND',
      `no history entry ${typeof target === 'number' ? `#${target}` : `on or before ${target}`} (history has ${history.length})`,
      { hint: 'see `rollq online status` for the history length; indexes start at 0' },
    );
  }
  return entry;
}

/** Makes every strategy's online tags agree with `online` (after a crash between tagging and committing). */
export async function repairOnlineTags(strategies: readonly OnlineStrategy[], online: Record<string, string[]>): Promise<void> {
  for (const s of strategies) {
    const want = online[s.name] ?? [];
    const have = (await s.tool.onlineModels()).map((r) => r.id);
    if (have.length !== want.length || !want.every((id) => have.includes(id))) await s.tool.resetOnlineTag(want);
  }
}

/** The status of a committed state, reading each strategy's online models from the store. */
export async function managerStatus(state: ManagerState, strategies: readonly OnlineStrategy[]): Promise<ManagerStatus> {
  const out: StrategyStatus[] = [];
  for (const s of strategies) {
    const online = (await s.tool.onlineModels()).map((r) => {
      const task = r.task as unknown as TaskConfig | null;
      return {
        id: r.id,
        modelClass: task?.model.class ?? 'unknown',
        test: (task?.dataset.kwargs.segments.test ?? null) as [string | null, string | null] | null,
      };
    });
    out.push({ name: s.name, online, recorders: state.recorders[s.name]?.length ?? 0 });
  }
  return {
    strategies: out,
    curTime: state.curTime,
    lastRoutine: state.lastRoutine,
    history: state.history.length,
    signalsTo: state.signals?.maxDate ?? null,
  };
}
