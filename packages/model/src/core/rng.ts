import { mulberry32 } from '@rollq/data';

export { mulberry32 };

/** Fisher–Yates shuffle of `0..n-1` in place into `out`, driven by `rand`. */
export function shuffledIndices(n: number, rand: () => number, out: Int32Array = new Int32Array(n)): Int32Array {
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}
