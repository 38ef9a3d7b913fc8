import { SortedWindow } from './sorted-window.js';

/**
 * Order statistics over the finite values of each window, as pandas computes them (±inf are NaN to pandas'
 * window code): Quantile with linear interpolation (Med = Quantile 0.5), Rank = average-tie percentile rank
 * of the current value (NaN when the current value is NaN or ±inf), and Qlib's Mad (mean absolute deviation
 * about the window mean, a `rolling().apply` that sees ±inf as NaN too).
 */

function slide(x: Float64Array, w: number, visit: (i: number, win: SortedWindow) => number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  const win = new SortedWindow(Math.min(w, n));
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (Number.isFinite(v)) win.insert(v);
    if (i >= w) {
      const o = x[i - w]!;
      if (Number.isFinite(o)) win.remove(o);
    }
    out[i] = win.size === 0 ? NaN : visit(i, win);
  }
  return out;
}

/** pandas `rolling(N).quantile(q)` (interpolation "linear"). */
export function rollingQuantile(x: Float64Array, w: number, q: number): Float64Array {
  return slide(x, w, (_i, win) => {
    const pos = q * (win.size - 1);
    const lo = Math.floor(pos);
    const a = win.get(lo);
    if (pos === lo) return a;
    return a + (win.get(lo + 1) - a) * (pos - lo);
  });
}

/** pandas `rolling(N).rank(pct=True)` with average ties. */
export function rollingRank(x: Float64Array, w: number): Float64Array {
  return slide(x, w, (i, win) => {
    const v = x[i]!;
    if (!Number.isFinite(v)) return NaN;
    const less = win.lowerBound(v);
    const equal = win.upperBound(v) - less;
    return (less + (equal + 1) / 2) / win.size;
  });
}

/** Qlib Mad: `nanmean(abs(x - nanmean(x)))` per window (O(n·w) two-pass; not in Alpha158). */
export function rollingMad(x: Float64Array, w: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, i - w + 1);
    let s = 0;
    let c = 0;
    for (let k = lo; k <= i; k++) {
      const v = x[k]!;
      if (Number.isFinite(v)) {
        s += v;
        c++;
      }
    }
    if (c === 0) {
      out[i] = NaN;
      continue;
    }
    const m = s / c;
    let d = 0;
    for (let k = lo; k <= i; k++) {
      const v = x[k]!;
      if (Number.isFinite(v)) d += Math.abs(v - m);
    }
    out[i] = d / c;
  }
  return out;
}
