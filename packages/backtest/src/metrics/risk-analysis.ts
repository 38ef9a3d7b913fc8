/** Qlib's `risk_analysis` row names, in its order. */
export interface RiskMetrics {
  mean: number;
  std: number;
  annualized_return: number;
  information_ratio: number;
  max_drawdown: number;
}

/** Options of `riskAnalysis`. */
export interface RiskAnalysisOptions {
  /**
   * Periods per year. Default 238: Qlib's scaler for `freq="day"` (its docstring says 252, the code uses
   * 238; issues #1067, #1735), so the numbers match Qlib's PortAnaRecord.
   */
  N?: number;
  /** `sum` (additive returns, Qlib's default and the workflow's) or `product` (compounded). Default `sum`. */
  mode?: 'sum' | 'product';
}

/**
 * Qlib's `risk_analysis(r, N, mode)` (qlib/contrib/evaluate.py), NaN values skipped as pandas does.
 * In `sum` mode the drawdown is measured on the cumulative sum, peaking from the first value, not from 0.
 *
 * @example
 * riskAnalysis(Float64Array.of(-0.1, 0.05, 0.02, -0.03, 0.01)).max_drawdown; // -0.03
 */
export function riskAnalysis(returns: ArrayLike<number>, opts: RiskAnalysisOptions = {}): RiskMetrics {
  const N = opts.N ?? 238;
  const r: number[] = [];
  for (let k = 0; k < returns.length; k++) if (!Number.isNaN(returns[k]!)) r.push(returns[k]!);
  if (opts.mode === 'product') {
    let curve = 1;
    let peak = -Infinity;
    let mdd = 0;
    for (const x of r) {
      curve *= 1 + x;
      peak = Math.max(peak, curve);
      mdd = Math.min(mdd, curve / peak - 1);
    }
    const mean = curve ** (1 / r.length) - 1;
    const std = sampleStd(r.map((x) => Math.log1p(x)));
    return {
      mean,
      std,
      annualized_return: curve ** (N / r.length) - 1,
      information_ratio: (mean / std) * Math.sqrt(N),
      max_drawdown: r.length ? mdd : NaN,
    };
  }
  const mean = meanOf(r);
  const std = sampleStd(r);
  let cum = 0;
  let peak = -Infinity;
  let mdd = Infinity;
  for (const x of r) {
    cum += x;
    peak = Math.max(peak, cum);
    mdd = Math.min(mdd, cum - peak);
  }
  return { mean, std, annualized_return: mean * N, information_ratio: (mean / std) * Math.sqrt(N), max_drawdown: r.length ? mdd : NaN };
}

/** Mean of the non-NaN values (NaN when there are none). */
export function meanOf(values: ArrayLike<number>): number {
  let s = 0;
  let n = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if (!Number.isNaN(v)) {
      s += v;
      n++;
    }
  }
  return n ? s / n : NaN;
}

/** Sample standard deviation (ddof = 1) of the non-NaN values, as pandas `std()`. */
export function sampleStd(values: ArrayLike<number>): number {
  const m = meanOf(values);
  let s = 0;
  let n = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if (!Number.isNaN(v)) {
      s += (v - m) * (v - m);
      n++;
    }
  }
  return n > 1 ? Math.sqrt(s / (n - 1)) : NaN;
}
