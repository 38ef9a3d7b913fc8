import { getByDottedPath } from '@rollq/rolling';
import type { RecorderInfo, RecorderStatus } from './schemas.js';

/** A JSON scalar a dotted-path filter compares against. */
export type FilterValue = string | number | boolean | null;

/**
 * Which recorders {@link RecorderStore.listRecorders} returns; every given condition must hold.
 * `where` uses MongoDB-style dotted paths over the {@link RecorderInfo} (`task.model.class`,
 * `tags.online_status`, `params.lr`), so a MongoDB store can push it down unchanged.
 */
export interface RecorderFilter {
  /** Keep recorders in this status (or any of these). */
  status?: RecorderStatus | RecorderStatus[];
  /** Keep recorders whose tags hold exactly these values. */
  tags?: Record<string, string>;
  /** Dotted path → value; a path that reaches an array matches when any element equals the value. */
  where?: Record<string, FilterValue>;
  /** Any further test, run last (Qlib's `rec_filter_func`). */
  predicate?: (rec: RecorderInfo) => boolean;
}

function pathMatches(rec: RecorderInfo, path: string, expected: FilterValue): boolean {
  const v = getByDottedPath(rec, path);
  // A missing field matches null, as in MongoDB.
  if (v === undefined) return expected === null;
  return Array.isArray(v) ? v.includes(expected) : v === expected;
}

/** True when `rec` satisfies every condition of `filter`. */
export function matchesFilter(rec: RecorderInfo, filter: RecorderFilter = {}): boolean {
  if (filter.status !== undefined) {
    const wanted = Array.isArray(filter.status) ? filter.status : [filter.status];
    if (!wanted.includes(rec.status)) return false;
  }
  for (const [k, v] of Object.entries(filter.tags ?? {})) if (rec.tags[k] !== v) return false;
  for (const [k, v] of Object.entries(filter.where ?? {})) if (!pathMatches(rec, k, v)) return false;
  return filter.predicate ? filter.predicate(rec) : true;
}

/** Orders recorders newest first (start time, then id), as Qlib's `list_recorders`. */
export function newestFirst(a: RecorderInfo, b: RecorderInfo): number {
  if (a.startTime !== b.startTime) return a.startTime < b.startTime ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
