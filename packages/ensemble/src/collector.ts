import { keyParts, tupleKey } from './keys.js';

/**
 * Qlib's `Collector`: gathers results (typically prediction tables) into a record. `@rollq/online`
 * adapts its recorders to this interface; this package never touches recorders itself.
 */
export interface Collector<T = unknown> {
  collect(): Promise<Record<string, T>>;
}

/** A step applied to each collected top-level value (Qlib's `process_list`, e.g. a RollingGroup). */
export type CollectProcessor = (value: never) => unknown;

/** Applies processors in order to every top-level value; keys are kept (Qlib's `process_collect`). */
export function processCollected(collected: Record<string, unknown>, processList: readonly CollectProcessor[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(collected)) {
    let value = v;
    for (const p of processList) value = (p as (x: unknown) => unknown)(value);
    out[k] = value;
  }
  return out;
}

/** A collector over values already at hand, or a function producing them (tables computed in-process). */
export class StaticCollector<T> implements Collector<T> {
  constructor(private readonly source: Record<string, T> | (() => Record<string, T> | Promise<Record<string, T>>)) {}

  async collect(): Promise<Record<string, T>> {
    return typeof this.source === 'function' ? await this.source() : { ...this.source };
  }
}

/** A collector whose output goes through `processList` (Qlib's `Collector(process_list=…)()`). */
export class ProcessedCollector implements Collector<unknown> {
  constructor(
    private readonly inner: Collector<unknown>,
    private readonly processList: readonly CollectProcessor[],
  ) {}

  async collect(): Promise<Record<string, unknown>> {
    return processCollected(await this.inner.collect(), this.processList);
  }
}

/** How {@link MergeCollector} names a merged entry from the collector's name and the entry's key. */
export type MergeKey = (collectorName: string, key: string) => string;

/**
 * Qlib's `MergeCollector`: runs each collector in order and merges their outputs. A key becomes the
 * tuple key `(collectorName, …keyParts)` — flattened, where Qlib nests `(name, (a, b))` — so
 * `RollingGroup` and `averageEnsemble` see one flat tuple. Pass `mergeKey` to name entries otherwise.
 */
export class MergeCollector implements Collector<unknown> {
  constructor(
    private readonly collectors: Record<string, Collector<unknown>>,
    private readonly options: { processList?: readonly CollectProcessor[]; mergeKey?: MergeKey } = {},
  ) {}

  async collect(): Promise<Record<string, unknown>> {
    const merged: Record<string, unknown> = {};
    const name = this.options.mergeKey ?? ((ck: string, k: string) => tupleKey(ck, ...keyParts(k)));
    for (const [ck, c] of Object.entries(this.collectors)) {
      for (const [k, v] of Object.entries(await c.collect())) merged[name(ck, k)] = v;
    }
    return processCollected(merged, this.options.processList ?? []);
  }
}
