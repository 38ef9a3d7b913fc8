/**
 * Rolling sum / mean / count / variance / skew / kurtosis with pandas' `rolling(N, min_periods=1)` rules:
 * NaN and ±inf values are skipped (pandas' `_prep_values` turns inf into NaN before every window
 * aggregation), a window with no valid value gives NaN, variance is the sample variance (ddof = 1). Count
 * alone counts ±inf: pandas takes `notna()` before that step. Every kernel takes the input over the evaluated
 * range and a window `w` (the range length for Qlib's N = 0 "expanding" form) and returns an array of the
 * same length.
 *
 * Sum, mean and variance run pandas 2.2.3's own online algorithms (pandas/_libs/window/aggregations.pyx
 * `roll_sum` / `roll_mean` / `roll_var`) step for step: Kahan-compensated add / remove with separate add and
 * remove compensations, Welford's mean / sum of squared deviations, removes before adds, and the run of
 * equal trailing values (GH#42064) that makes a flat window exactly 0 (var) or its value (sum, mean). Their
 * rounding residues depend on the whole history since the window's first row, so the same update order
 * from the same first row gives Qlib's values bit for bit, its tiny non-zero residues included.
 */

/** pandas' `_prep_values`: ±inf is NaN to every window aggregation. */
function prep(v: number): number {
  return v === Infinity || v === -Infinity ? NaN : v;
}

/** Sign bit set (-0 included): pandas' `signbit`, which its mean's sign guard counts. */
function signbit(v: number): boolean {
  return v < 0 || Object.is(v, -0);
}

/**
 * pandas' `roll_sum` (`mean` = false, `minp` = min_periods) or `roll_mean` (`mean` = true) over fixed windows
 * `[max(0, i - w + 1), i]`. `minp` 0 is pandas' count trick (a window of nothing sums to 0).
 */
function rollSumMean(x: Float64Array, w: number, mean: boolean, minp = 1): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  let nobs = 0;
  let negCt = 0;
  let sum = 0;
  let compAdd = 0;
  let compRemove = 0;
  let prev = NaN;
  let run = 0;
  const add = (raw: number) => {
    const v = prep(raw);
    if (v !== v) return;
    nobs++;
    const y = v - compAdd;
    const t = sum + y;
    compAdd = t - sum - y;
    sum = t;
    if (mean && signbit(v)) negCt++;
    run = v === prev ? run + 1 : 1;
    prev = v;
  };
  for (let i = 0; i < n; i++) {
    const s = Math.max(0, i - w + 1);
    if (i === 0 || s >= i) {
      // a window disjoint from the last one (w = 1): pandas starts over
      prev = prep(x[s]!);
      run = 0;
      sum = compAdd = compRemove = 0;
      nobs = negCt = 0;
      for (let j = s; j <= i; j++) add(x[j]!);
    } else {
      for (let j = Math.max(0, i - w); j < s; j++) {
        const v = prep(x[j]!);
        if (v !== v) continue;
        nobs--;
        const y = -v - compRemove;
        const t = sum + y;
        compRemove = t - sum - y;
        sum = t;
        if (mean && signbit(v)) negCt--;
      }
      add(x[i]!);
    }
    if (!mean) {
      out[i] = nobs === 0 && minp === 0 ? 0 : nobs >= minp ? (run >= nobs ? prev * nobs : sum) : NaN;
    } else if (nobs >= minp && nobs > 0) {
      const r = sum / nobs;
      // all-positive (all-negative) windows cannot average below (above) 0: pandas clamps the residue
      out[i] = run >= nobs ? prev : negCt === 0 && r < 0 ? 0 : negCt === nobs && r > 0 ? 0 : r;
    } else out[i] = NaN;
  }
  return out;
}

/**
 * Rolling sum (`mean` = true: rolling mean) over the valid values of each window (pandas' roll_sum /
 * roll_mean); `minp` is pandas' min_periods (0: an empty window sums to 0, as pandas' pair count uses it).
 */
export function rollingSum(x: Float64Array, w: number, mean = false, minp = 1): Float64Array {
  return rollSumMean(x, w, mean, minp);
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
 * Rolling sample variance (ddof = 1), pandas' `roll_var`: NaN below 2 valid values, exactly 0 when the run
 * of equal trailing values covers every valid value of the window, else Welford's sum of squared deviations
 * over (count - 1), unclamped (a residue can be a hair below 0, as in pandas' `var`; `std` clamps it).
 */
export function rollingVar(x: Float64Array, w: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  let nobs = 0;
  let meanX = 0;
  let ssqdm = 0;
  let compAdd = 0;
  let compRemove = 0;
  let prev = NaN;
  let run = 0;
  const add = (raw: number) => {
    const v = prep(raw);
    if (v !== v) return;
    nobs++;
    run = v === prev ? run + 1 : 1;
    prev = v;
    const prevMean = meanX - compAdd;
    const y = v - compAdd;
    const t = y - meanX;
    compAdd = t + meanX - y;
    meanX = nobs ? meanX + t / nobs : 0;
    ssqdm += (v - prevMean) * (v - meanX);
  };
  for (let i = 0; i < n; i++) {
    const s = Math.max(0, i - w + 1);
    if (i === 0 || s >= i) {
      prev = prep(x[s]!);
      run = 0;
      meanX = ssqdm = nobs = compAdd = compRemove = 0;
      for (let j = s; j <= i; j++) add(x[j]!);
    } else {
      for (let j = Math.max(0, i - w); j < s; j++) {
        const v = prep(x[j]!);
        if (v !== v) continue;
        nobs--;
        if (nobs) {
          const prevMean = meanX - compRemove;
          const y = v - compRemove;
          const t = y - meanX;
          compRemove = t + meanX - y;
          meanX -= t / nobs;
          ssqdm -= (v - prevMean) * (v - meanX);
        } else {
          meanX = 0;
          ssqdm = 0;
        }
      }
      add(x[i]!);
    }
    out[i] = nobs > 1 ? (run >= nobs ? 0 : ssqdm / (nobs - 1)) : NaN;
  }
  return out;
}

/** Rolling standard deviation: `sqrt` of rollingVar, a negative residue read as 0 (pandas' `zsqrt`). */
export function rollingStd(x: Float64Array, w: number): Float64Array {
  const v = rollingVar(x, w);
  for (let i = 0; i < v.length; i++) {
    const r = v[i]!;
    v[i] = r < 0 ? 0 : Math.sqrt(r);
  }
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
