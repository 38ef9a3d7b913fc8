import koffi, { type LibraryHandle } from 'koffi';

/** Tries library paths one after the other, binding each with `bind`; what failed is kept for the error. */
export interface LibraryAttempts<T> {
  /** The bound API of the library at `path`, or null (and a line in `tried`) when it does not load. */
  attempt(path: string): T | null;
  /** `path (why)` for every path that did not load, for the not-found error. */
  readonly tried: string[];
}

/**
 * One way of loading a native library through koffi for the GBDT engines (LightGBM, XGBoost): bindings are
 * cached per path for the process (`bound`), and libgomp's wait policy is set to passive before the first
 * load — libgomp reads it once, and its default (spin-wait) stalls every parallel region when the cores are
 * shared with other processes (5x slower fits measured on the 2-core machine).
 */
export function libraryAttempts<T>(bound: Map<string, T>, bind: (lib: LibraryHandle, path: string) => T): LibraryAttempts<T> {
  process.env.OMP_WAIT_POLICY ??= 'PASSIVE';
  const tried: string[] = [];
  return {
    tried,
    attempt(p) {
      const known = bound.get(p);
      if (known) return known;
      try {
        const api = bind(koffi.load(p), p);
        bound.set(p, api);
        return api;
      } catch (e) {
        tried.push(`${p} (${(e as Error).message.split('\n')[0]})`);
        return null;
      }
    },
  };
}
