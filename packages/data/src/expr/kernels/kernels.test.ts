import { describe, expect, it } from 'vitest';
import { rollingArgExtreme, rollingExtreme } from './rolling-extrema.js';
import { rollingCount, rollingSum, rollingVar } from './rolling-moments.js';
import { rollingQuantile, rollingRank } from './rolling-order.js';
import { rollingPair } from './rolling-pair.js';

// Sliding O(n) kernels against brute-force window scans on noisy data with NaN runs, ±inf and ties (pandas'
// windows skip ±inf as NaN; Count alone counts them).
function data(n: number, level: number, seed: number): Float64Array {
  let s = seed;
  const rnd = () => (s = (s * 48271) % 2147483647) / 2147483647;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rnd();
    x[i] = r < 0.08 ? NaN : r < 0.11 ? (r < 0.095 ? Infinity : -Infinity) : level + Math.round(rnd() * 20) * (level / 1e4); // ties on purpose
  }
  for (let i = 40; i < 47; i++) x[i] = NaN; // a suspension longer than small windows
  return x;
}

function windows(x: Float64Array, w: number, i: number): number[] {
  const out: number[] = [];
  for (let k = Math.max(0, i - w + 1); k <= i; k++) if (Number.isFinite(x[k]!)) out.push(x[k]!);
  return out;
}

function close(a: number, e: number, tol: number, label: string) {
  if (Number.isNaN(e)) expect(a, label).toBeNaN();
  else expect(Math.abs(a - e), `${label}: ${a} vs ${e}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e)));
}

describe('sliding kernels equal brute force', () => {
  for (const level of [50, 3e8]) {
    const x = data(300, level, level === 50 ? 7 : 11);
    const y = data(300, 10, 13);
    for (const w of [1, 2, 5, 20, 60, 300]) {
      it(`level ${level}, window ${w}`, () => {
        const sum = rollingSum(x, w);
        const mean = rollingSum(x, w, true);
        const count = rollingCount(x, w);
        const v = rollingVar(x, w);
        const mx = rollingExtreme(x, w, 1);
        const mn = rollingExtreme(x, w, -1);
        const q = rollingQuantile(x, w, 0.8);
        const rk = rollingRank(x, w);
        const im = rollingArgExtreme(x, w, 1, 0);
        const cov = rollingPair(x, y, w, false);
        for (let i = 0; i < x.length; i++) {
          const win = windows(x, w, i);
          const c = win.length;
          const m = c ? win.reduce((a, b) => a + b, 0) / c : NaN;
          close(sum[i]!, c ? m * c : NaN, 1e-12, `sum ${i}`);
          close(mean[i]!, m, 1e-12, `mean ${i}`);
          expect(count[i]).toBe(Array.from(x.slice(Math.max(0, i - w + 1), i + 1)).filter((u) => !Number.isNaN(u)).length);
          const ss = win.reduce((a, b) => a + (b - m) * (b - m), 0);
          // variance relative to the squared level: the test data's spread is 1e-4 of its level
          close(v[i]!, c >= 2 ? ss / (c - 1) : NaN, 1e-9 * Math.max(1, (level / 1e4) ** 2), `var ${i}`);
          close(mx[i]!, c ? Math.max(...win) : NaN, 0, `max ${i}`);
          close(mn[i]!, c ? Math.min(...win) : NaN, 0, `min ${i}`);
          const sorted = [...win].sort((a, b) => a - b);
          const pos = 0.8 * (c - 1);
          const lo = Math.floor(pos);
          close(q[i]!, c ? sorted[lo]! + ((sorted[Math.min(lo + 1, c - 1)] ?? 0) - sorted[lo]!) * (pos - lo) : NaN, 1e-12, `quantile ${i}`);
          const cur = x[i]!;
          const less = win.filter((u) => u < cur).length;
          const eq = win.filter((u) => u === cur).length;
          close(rk[i]!, !Number.isFinite(cur) || !c ? NaN : (less + (eq + 1) / 2) / c, 1e-12, `rank ${i}`);
          // raw window argmax (±inf are NaN there): first NaN wins, else the first maximum
          const raw = Array.from(x.slice(Math.max(0, i - w + 1), i + 1));
          const nanAt = raw.findIndex((u) => !Number.isFinite(u));
          const best = raw.indexOf(Math.max(...raw.filter((u) => Number.isFinite(u))));
          close(im[i]!, c ? (nanAt >= 0 ? nanAt : best) + 1 : NaN, 0, `idxmax ${i}`);
          const pairs: Array<[number, number]> = [];
          for (let k = Math.max(0, i - w + 1); k <= i; k++)
            if (Number.isFinite(x[k]!) && Number.isFinite(y[k]!)) pairs.push([x[k]!, y[k]!]);
          const mx2 = pairs.reduce((a, p) => a + p[0], 0) / pairs.length;
          const my2 = pairs.reduce((a, p) => a + p[1], 0) / pairs.length;
          const cv = pairs.reduce((a, p) => a + (p[0] - mx2) * (p[1] - my2), 0) / (pairs.length - 1);
          close(cov[i]!, pairs.length >= 2 ? cv : NaN, 1e-9 * Math.max(1, level / 1e4), `cov ${i}`);
        }
      });
    }
  }
});
