import type { DataHandlerLP, ProcessorConfig } from '@rollq/data';
import { canonicalJson } from './canonical-json.js';

/**
 * Processors of the default registry whose output on a row depends only on that row or on the rows of its
 * own date (Fillna, DropnaLabel, CSRankNorm, ProcessInf's per-day mean, …): run on a longer frame, they give
 * the shorter frame's rows unchanged.
 */
const DATE_LOCAL = new Set([
  'CSZScoreNorm',
  'CSRankNorm',
  'CSZFillna',
  'ProcessInf',
  'Fillna',
  'DropnaProcessor',
  'DropnaLabel',
  'FilterCol',
  'DropCol',
  'TanhProcess',
]);

/** Processors fitted on the rows of their fit window only (statistics per column, then a per-row transform). */
const WINDOW_FITTED = new Set(['ZScoreNorm', 'MinMaxNorm', 'RobustZScoreNorm']);

/** The handler kwargs a shared handler is keyed by: everything that shapes its rows, except the end. */
export interface ShareableHandler {
  handlerClass: string;
  kwargs: Record<string, unknown>;
  /** The processor lists the handler runs (its kwargs' own, else the handler class's defaults). */
  processors: { infer: readonly ProcessorConfig[]; learn: readonly ProcessorConfig[] };
}

/**
 * The key under which a handler computed up to a later end may serve this one, or null when it may not.
 * It may when every processor is date-local or fitted on a window that ends by this handler's own
 * `end_time`: then the longer handler's infer / learn rows up to `end_time` are exactly this handler's
 * (features are computed per date with their look-ahead read from the data either way, the fit window's
 * rows are the same, each later row is transformed on its own or with its own date). Qlib's rolling template
 * is such a handler: fixed `fit_start_time` / `fit_end_time`, RobustZScoreNorm, Fillna, DropnaLabel,
 * CSRankNorm, and only `end_time` moving from task to task.
 */
export function sharedHandlerKey(root: string, h: ShareableHandler, end: string): string | null {
  const fitStart = h.kwargs.fit_start_time;
  const fitEnd = h.kwargs.fit_end_time;
  for (const p of [...h.processors.infer, ...h.processors.learn]) {
    const cls = typeof p === 'string' ? p : p.class;
    const kw = (typeof p === 'string' ? {} : (p.kwargs ?? {})) as Record<string, unknown>;
    if ('state' in (typeof p === 'string' ? {} : p)) return null; // pre-fitted state: left to the plain path
    if (DATE_LOCAL.has(cls)) continue;
    if (!WINDOW_FITTED.has(cls)) return null;
    const start = kw.fit_start_time ?? fitStart;
    const stop = kw.fit_end_time ?? fitEnd;
    if (typeof start !== 'string' || typeof stop !== 'string' || stop > end) return null;
  }
  const { end_time: _end, ...rest } = h.kwargs;
  return canonicalJson({ root, handler: h.handlerClass, kwargs: rest, processors: h.processors });
}

/**
 * One handler shared by the tasks of a rolling run (see {@link sharedHandlerKey}), computed once up to
 * `until` (the last task's handler end). It holds a single handler: a task with another key replaces it,
 * so a run never keeps two full frames alive.
 */
export class SharedHandlerSlot {
  #key: string | null = null;
  #handler: DataHandlerLP | null = null;

  /** @param until - the latest handler `end_time` of the tasks that will ask (ISO date). */
  constructor(readonly until: string) {}

  /** The handler under `key`, built with `build` (up to {@link until}) the first time or after a different key. */
  get(key: string, build: () => Promise<DataHandlerLP>): Promise<DataHandlerLP> | DataHandlerLP {
    if (this.#key === key && this.#handler) return this.#handler;
    this.#key = null;
    this.#handler = null; // let the previous frame go before the next one is computed
    return build().then((h) => {
      this.#key = key;
      this.#handler = h;
      return h;
    });
  }

  /** Drops the handler (its frames become garbage). */
  clear(): void {
    this.#key = null;
    this.#handler = null;
  }
}
