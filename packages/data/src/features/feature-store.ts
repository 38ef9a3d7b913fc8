import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { OperatorRegistry } from '../expr/operator-registry.js';
import type { QlibProvider } from '../storage/qlib-provider.js';
import { type ComputeFeaturesOptions, ComputeFeaturesOptionsSchema, computeFrame } from './compute-features.js';
import { type FeatureFrame, newColumnLike } from './feature-frame.js';
import { type CompiledFields, compileFields, maxWindow } from './field-set.js';

const registryIds = new WeakMap<OperatorRegistry, number>();
let nextRegistryId = 1;

/** A number identifying `registry` for cache keys. */
function registryId(registry: OperatorRegistry): number {
  let id = registryIds.get(registry);
  if (id === undefined) {
    id = nextRegistryId++;
    registryIds.set(registry, id);
  }
  return id;
}

/** FeatureStore settings. */
export const FeatureStoreOptionsSchema = z
  .strictObject({
    maxBytes: z
      .number()
      .int()
      .positive()
      .default(1024 ** 3)
      .describe('memory budget for cached frames in bytes (default 1 GiB); least recently used frames are dropped'),
  })
  .describe('FeatureStore options');

interface Entry {
  compiled: CompiledFields;
  /** Calendar positions the frame covers. */
  si: number;
  ei: number;
  /** Date at `ei` when cached: a provider whose calendar differs there is a different data set. */
  lastDate: string;
  frame: FeatureFrame;
}

/** What the last `get` did, for tests, logs and the online updater. */
export interface FeatureStoreStats {
  kind: 'hit' | 'extend' | 'full';
  /** Calendar positions computed (empty for a hit). */
  computed: [number, number] | null;
}

/**
 * An in-memory cache of computed feature frames, keyed by (provider root, field-set hash, instruments).
 * A later request with the same start and a later end computes only the new days (plus the trailing days
 * whose look-ahead labels may now be known, plus the lookback the engine loads itself) and appends them;
 * the result equals a full recompute. A request inside a cached range is sliced from it.
 */
export class FeatureStore {
  private readonly cache: LRUCache<string, Entry>;
  /** The action of the most recent `get`. */
  lastStats: FeatureStoreStats | null = null;

  constructor(options: z.input<typeof FeatureStoreOptionsSchema> = {}) {
    const { maxBytes } = FeatureStoreOptionsSchema.parse(options);
    this.cache = new LRUCache<string, Entry>({
      maxSize: maxBytes,
      sizeCalculation: (e) => Math.max(1, e.frame.rowDate.length * 8 + e.frame.values.reduce((n, v) => n + v.byteLength, 0)),
    });
  }

  /** Features for `options` (same shape as computeFeatures), computing only what the cache lacks. */
  get(provider: QlibProvider, options: ComputeFeaturesOptions): FeatureFrame {
    const opts = ComputeFeaturesOptionsSchema.parse(options);
    const cal = provider.calendar;
    const [si, ei] = cal.locate(opts.start ?? null, opts.end ?? null);
    const instKey = Array.isArray(opts.instruments)
      ? [...opts.instruments]
          .map((s) => s.toUpperCase())
          .sort()
          .join(',')
      : String(opts.instruments).toLowerCase();
    const probe = compileFields(opts.fields, { operators: opts.operators });
    // a custom operator registry may give a name other semantics: its frames are cached apart
    const opsKey = opts.operators ? `\u0000ops${registryId(opts.operators)}` : '';
    const key = `${provider.root}\u0000${probe.hash}\u0000${instKey}${opsKey}`;
    const hit = this.cache.get(key);
    const valid = hit && hit.ei < cal.length && cal.dates[hit.ei] === hit.lastDate;
    if (hit && valid && si >= hit.si && ei <= hit.ei) {
      this.lastStats = { kind: 'hit', computed: null };
      // the cached range itself is the cached frame, as the get that computed it returned it: no copy (a
      // rolling run's strategies ask for the same range, each one's handler would hold its own ~390 MB)
      return si === hit.si && ei === hit.ei ? hit.frame : sliceFrame(hit.frame, si, ei, cal.dates);
    }
    if (hit && valid && si === hit.si && ei > hit.ei) {
      // Days whose look-ahead (negative Ref) reached past the old end are recomputed with the new data.
      const [, right] = maxWindow(hit.compiled.nodes);
      const from = Math.max(hit.si, hit.ei + 1 - right);
      const added = computeFrame(provider, hit.compiled, opts.instruments, from, ei, hit.si, opts.onProgress);
      // the kept rows as views of the cached columns (concatFrames copies them): one frame less at the peak
      const frame = concatFrames(sliceFrame(hit.frame, hit.si, from - 1, cal.dates, { view: true }), added, cal.dates);
      this.cache.set(key, { ...hit, ei, lastDate: cal.dates[ei]!, frame });
      this.lastStats = { kind: 'extend', computed: [from, ei] };
      return frame;
    }
    const frame = computeFrame(provider, probe, opts.instruments, si, ei, si, opts.onProgress);
    if (si <= ei) this.cache.set(key, { compiled: probe, si, ei, lastDate: cal.dates[ei]!, frame });
    this.lastStats = { kind: 'full', computed: [si, ei] };
    return frame;
  }

  /** Drops every cached frame. */
  clear(): void {
    this.cache.clear();
  }
}

/**
 * Rows of `frame` whose date lies in `[si, ei]` (rows are date-ordered, so this is one contiguous block), as
 * copies; `view: true` gives the value columns as views of `frame`'s instead (for a caller that only reads them).
 */
export function sliceFrame(
  frame: FeatureFrame,
  si: number,
  ei: number,
  calendar: readonly string[] = frame.calendar,
  opts: { view?: boolean } = {},
): FeatureFrame {
  const lo = lowerBound(frame.rowDate, si);
  const hi = lowerBound(frame.rowDate, ei + 1);
  const rowInstrument = frame.rowInstrument.slice(lo, hi);
  // keep only instruments that still have rows, re-numbered in sorted order
  const used = [...new Set(rowInstrument)].sort((a, b) => a - b);
  const remap = new Int32Array(frame.instruments.length).fill(-1);
  for (const [k, old] of used.entries()) remap[old] = k;
  for (let r = 0; r < rowInstrument.length; r++) rowInstrument[r] = remap[rowInstrument[r]!]!;
  return {
    columns: frame.columns,
    values: frame.values.map((v) => (opts.view ? v.subarray(lo, hi) : v.slice(lo, hi))),
    rowDate: frame.rowDate.slice(lo, hi),
    rowInstrument,
    instruments: used.map((k) => frame.instruments[k]!),
    calendar,
  };
}

/** `a` then `b` (all of b's dates after a's), instruments merged in sorted order. */
export function concatFrames(a: FeatureFrame, b: FeatureFrame, calendar: readonly string[]): FeatureFrame {
  const instruments = [...new Set([...a.instruments, ...b.instruments])].sort();
  const index = new Map(instruments.map((s, k) => [s, k]));
  const n = a.rowDate.length + b.rowDate.length;
  const rowDate = new Int32Array(n);
  rowDate.set(a.rowDate);
  rowDate.set(b.rowDate, a.rowDate.length);
  const rowInstrument = new Int32Array(n);
  for (let r = 0; r < a.rowInstrument.length; r++) rowInstrument[r] = index.get(a.instruments[a.rowInstrument[r]!]!)!;
  for (let r = 0; r < b.rowInstrument.length; r++) rowInstrument[a.rowDate.length + r] = index.get(b.instruments[b.rowInstrument[r]!]!)!;
  const values = a.values.map((va, c) => {
    const out = newColumnLike(va, n);
    out.set(va);
    out.set(b.values[c]!, va.length);
    return out;
  });
  return { columns: a.columns, values, rowDate, rowInstrument, instruments, calendar };
}

function lowerBound(arr: Int32Array, v: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
