/**
 * Slope / Rsquare / Resi of a rolling OLS of the values on their window positions, exactly as Qlib's
 * Cython kernels (qlib/data/_libs/rolling.pyx) compute them: running sums over a window pre-filled with
 * NaN, positions shifted by -1 each step, NaN rows keep their slot but add nothing. Running the same
 * update order keeps rollq within float noise of Qlib (including its ~1e-9 "zero" residuals). These kernels
 * get the raw values, not pandas': an inf is no NaN to them, so it poisons the running sums (NaN from that row
 * to the series end, as in Qlib), unlike the pandas-window operators that skip it.
 */

/** Which statistic of the regression to return. */
export type RegressionStat = 'slope' | 'rsquare' | 'resi';

/** Rolling regression statistic over windows of `w` rows. */
export function rollingRegression(x: Float64Array, w: number, stat: RegressionStat): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  let iSum = 0; // number of valid values in the window
  let xSum = 0;
  let x2Sum = 0;
  let ySum = 0;
  let y2Sum = 0;
  let xySum = 0;
  let naCount = w; // the window starts as w NaNs
  for (let i = 0; i < n; i++) {
    const val = x[i]!;
    // shift every point one position left
    xySum -= ySum;
    x2Sum += iSum - 2 * xSum;
    xSum -= iSum;
    // drop the front (now at position 0, so it adds nothing to the x sums)
    const front = i >= w ? x[i - w]! : NaN;
    if (front === front) {
      iSum -= 1;
      ySum -= front;
      y2Sum -= front * front;
    } else {
      naCount -= 1;
    }
    if (val !== val) {
      naCount += 1;
    } else {
      iSum += 1;
      xSum += w;
      x2Sum += w * w;
      ySum += val;
      y2Sum += val * val;
      xySum += w * val;
    }
    const N = w - naCount;
    const slope = (N * xySum - xSum * ySum) / (N * x2Sum - xSum * xSum);
    if (stat === 'slope') out[i] = slope;
    else if (stat === 'rsquare') {
      const r = (N * xySum - xSum * ySum) / Math.sqrt((N * x2Sum - xSum * xSum) * (N * y2Sum - ySum * ySum));
      out[i] = r * r;
    } else {
      const interp = ySum / N - slope * (xSum / N);
      out[i] = val - (slope * w + interp);
    }
  }
  return out;
}
