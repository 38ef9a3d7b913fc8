/**
 * Rolling sum / mean / count / variance / skew / kurtosis with pandas' `rolling(N, min_periods=1)` rules:
 * NaN and ±inf values are skipped (pandas' `_prep_values` turns inf into NaN before every window
 * aggregation), a window with no valid value gives NaN, variance is the sample variance (ddof = 1). Count
 * alone counts ±inf: pandas takes `notna()` before that step. Every kernel takes the input over the evaluated range and a window `w` (the range
 * length for Qlib's N = 0 "expanding" form) and returns an array of the same length.
 *
 * Sums slide in O(n) but are rebuilt from scratch every `w` steps: add/remove updates leak rounding error
 * forever otherwise, and rebuilding bounds it by one window's worth.
 */

/** Rolling sum (`mean` = true: rolling mean) over the valid values of each window. */
export function rollingSum(x: Float64Array, w: number, mean = false): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    if (i % w === 0) {
      s = 0;
      c = 0;
      for (let k = Math.max(0, i - w + 1); k <= i; k++) {
        const v = x[k]!;
        if (Number.isFinite(v)) {
          s += v;
          c++;
        }
      }
    } else {
      const v = x[i]!;
      if (Number.isFinite(v)) {
        s += v;
        c++;
      }
      if (i >= w) {
        const o = x[i - w]!;
        if (Number.isFinite(o)) {
          s -= o;
          c--;
          if (c === 0) s = 0; // drop the residue of removed values
        }
      }
    }
    out[i] = c > 0 ? (mean ? s / c : s) : NaN;
  }
  return out;
}

/** Number of non-NaN values in each window (±inf count: pandas' `rolling().count()` is `notna()` summed). */
export function rollingCount(x: Float64Array, w: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  let c = 0;
  for (let i = 0; i < n; i++) {
    if (x[i] === x[i]) c++;
    if (i >= w && x[i - w] === x[i - w]) c--;
    out[i] = c;
  }
  return out;
}

/**
 * Rolling sample variance (ddof = 1): NaN below 2 valid values, exactly 0 when every valid value of the
 * window is equal (pandas 1.5 tracks runs of equal values for this). Sums are of `v - ref`, with `ref`
 * the window mean at each rebuild, so large levels (volumes ~1e8) do not cancel catastrophically.
 */
export function rollingVar(x: Float64Array, w: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  let ref = 0;
  let s1 = 0;
  let s2 = 0;
  let c = 0;
  let run = 0;
  let lastValid = NaN;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (Number.isFinite(v)) {
      run = v === lastValid ? run + 1 : 1;
      lastValid = v;
    }
    if (i % w === 0) {
      let sum = 0;
      c = 0;
      const lo = Math.max(0, i - w + 1);
      for (let k = lo; k <= i; k++) {
        const u = x[k]!;
        if (Number.isFinite(u)) {
          sum += u;
          c++;
        }
      }
      ref = c > 0 ? sum / c : 0;
      s1 = 0;
      s2 = 0;
      for (let k = lo; k <= i; k++) {
        const u = x[k]!;
        if (Number.isFinite(u)) {
          const d = u - ref;
          s1 += d;
          s2 += d * d;
        }
      }
    } else {
      if (Number.isFinite(v)) {
        const d = v - ref;
        s1 += d;
        s2 += d * d;
        c++;
      }
      if (i >= w) {
        const o = x[i - w]!;
        if (Number.isFinite(o)) {
          const d = o - ref;
          s1 -= d;
          s2 -= d * d;
          c--;
        }
      }
    }
    if (c < 2) out[i] = NaN;
    else if (run >= c) out[i] = 0;
    else {
      const r = (s2 - (s1 * s1) / c) / (c - 1);
      out[i] = r < 0 ? 0 : r;
    }
  }
  return out;
}

/** Rolling standard deviation, `sqrt` of rollingVar. */
export function rollingStd(x: Float64Array, w: number): Float64Array {
  const v = rollingVar(x, w);
  for (let i = 0; i < v.length; i++) v[i] = Math.sqrt(v[i]!);
  return v;
}

/**
 * Central moments of each window's valid values, then pandas' bias-corrected skew (`order` 3, needs 3
 * values) or excess kurtosis (`order` 4, needs 4). A constant window gives 0 (skew) / -3 (kurt) as pandas
 * 1.5 does; a variance below 1e-14 gives NaN. Two-pass per window, O(n·w): neither is in Alpha158.
 */
export function rollingHigherMoment(x: Float64Array, w: number, order: 3 | 4): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, i - w + 1);
    let c = 0;
    let sum = 0;
    let first = NaN;
    let constant = true;
    for (let k = lo; k <= i; k++) {
      const v = x[k]!;
      if (Number.isFinite(v)) {
        if (c === 0) first = v;
        else if (v !== first) constant = false;
        c++;
        sum += v;
      }
    }
    if (c < order) {
      out[i] = NaN;
      continue;
    }
    if (constant) {
      out[i] = order === 3 ? 0 : -3;
      continue;
    }
    const m = sum / c;
    let m2 = 0;
    let m3 = 0;
    let m4 = 0;
    for (let k = lo; k <= i; k++) {
      const v = x[k]!;
      if (Number.isFinite(v)) {
        const d = v - m;
        const d2 = d * d;
        m2 += d2;
        m3 += d2 * d;
        m4 += d2 * d2;
      }
    }
    const B = m2 / c;
    if (B <= 1e-14) {
      out[i] = NaN;
      continue;
    }
    if (order === 3) {
      const C = m3 / c;
      out[i] = (Math.sqrt(c * (c - 1)) * C) / ((c - 2) * B * Math.sqrt(B));
    } else {
      const D = m4 / c;
      const K = ((c * c - 1) * D) / (B * B) - 3 * (c - 1) * (c - 1);
      out[i] = K / ((c - 2) * (c - 3));
    }
  }
  return out;
}
