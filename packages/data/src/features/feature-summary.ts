import type { FeatureFrame } from './feature-frame.js';

/** Statistics of one column of a {@link FeatureFrame}, over its finite values. */
export interface FeatureSummaryRow {
  name: string;
  /** Rows with a finite value. */
  count: number;
  mean: number;
  /** Population standard deviation (divides by `count`). */
  std: number;
  min: number;
  max: number;
  /** Share of rows whose value is NaN or infinite, in percent (0 for an empty frame). */
  nanPercent: number;
}

/**
 * mean / std / min / max over the finite values of each column in `names` (default: every column), and
 * the share of missing values; a name the frame lacks is left out. A column with no finite value gets
 * NaN statistics. One pass per column.
 *
 * @example
 * ```ts
 * for (const r of summarizeFeatures(frame, ['KMID', 'LABEL0'])) console.log(r.name, r.mean, r.nanPercent);
 * ```
 */
export function summarizeFeatures(frame: FeatureFrame, names: readonly string[] = frame.columns): FeatureSummaryRow[] {
  const rows: FeatureSummaryRow[] = [];
  for (const name of names) {
    const k = frame.columns.indexOf(name);
    if (k < 0) continue;
    const v = frame.values[k]!;
    let n = 0;
    let sum = 0;
    let sq = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!;
      if (!Number.isFinite(x)) continue;
      n++;
      sum += x;
      sq += x * x;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    const mean = sum / n;
    rows.push({
      name,
      count: n,
      mean,
      std: Math.sqrt(Math.max(0, sq / n - mean * mean)),
      min: n ? min : NaN,
      max: n ? max : NaN,
      nanPercent: (100 * (v.length - n)) / Math.max(1, v.length),
    });
  }
  return rows;
}
