import { createRequire } from 'node:module';
import type Koffi from 'koffi';

const require = createRequire(import.meta.url);
let mallocTrim: ((pad: number) => number) | null | undefined;

/**
 * Hands the C heap's free pages back to the system: glibc's `malloc_trim(0)`, which also returns the free
 * pages inside each thread's arena (a no-op where libc has none, e.g. musl). A native fit frees hundreds of
 * MB in the arenas of the threads that ran it (LightGBM's OpenMP team, TensorFlow's pool), which glibc keeps
 * for those threads while the next phase allocates elsewhere; the demo's peak RSS held ~100 MB of it. koffi
 * is loaded on the first call, not at import.
 */
export function trimNativeHeap(): void {
  if (mallocTrim === undefined) {
    try {
      const koffi = require('koffi') as typeof Koffi;
      mallocTrim = koffi.load('libc.so.6').func('int malloc_trim(size_t pad)') as (pad: number) => number;
    } catch {
      mallocTrim = null;
    }
  }
  mallocTrim?.(0);
}
