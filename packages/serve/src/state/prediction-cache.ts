import { LRUCache } from 'lru-cache';

/** Counts of a {@link PredictionCache}, by kind of entry. */
export interface CacheCounts {
  hits: number;
  misses: number;
}

/** Options of {@link PredictionCache}. */
export interface PredictionCacheOptions {
  maxEntries: number;
  /** Age after which an entry is dropped (ms; 0: never, the cache is cleared when the state changes). */
  ttlMs: number;
  /** Told of each lookup (the metrics count them). */
  onLookup?: (kind: string, hit: boolean) => void;
}

/**
 * The LRU cache of answers, keyed by (model, date, instruments): a model's scores of some names on one day, a
 * day of blended or strategy signals. Entries of one committed state only: the server clears it when it
 * serves a new commit.
 */
export class PredictionCache {
  private readonly lru: LRUCache<string, object>;
  private readonly counts = new Map<string, CacheCounts>();

  constructor(private readonly opts: PredictionCacheOptions) {
    this.lru = new LRUCache<string, object>({ max: opts.maxEntries, ...(opts.ttlMs > 0 ? { ttl: opts.ttlMs } : {}) });
  }

  /** The key of (model, date, instruments): the names sorted, so the order of a request does not matter. */
  static key(model: string, date: string, instruments: readonly string[] | '*'): string {
    return `${model}\u0000${date}\u0000${instruments === '*' ? '*' : [...instruments].sort().join(',')}`;
  }

  /** The cached value of `key`, or `make()`'s (kept); `kind` names the entry in the counts. */
  async getOrSet<T extends object>(kind: string, key: string, make: () => T | Promise<T>): Promise<T> {
    const hit = this.lru.get(key) as T | undefined;
    this.count(kind, hit !== undefined);
    if (hit !== undefined) return hit;
    const value = await make();
    this.lru.set(key, value);
    return value;
  }

  /** Hits and misses so far, by kind. */
  stats(): Record<string, CacheCounts> {
    return Object.fromEntries([...this.counts].map(([k, c]) => [k, { ...c }]));
  }

  get size(): number {
    return this.lru.size;
  }

  clear(): void {
    this.lru.clear();
  }

  private count(kind: string, hit: boolean): void {
    const c = this.counts.get(kind) ?? { hits: 0, misses: 0 };
    if (hit) c.hits++;
    else c.misses++;
    this.counts.set(kind, c);
    this.opts.onLookup?.(kind, hit);
  }
}
