/**
 * Start offsets of each run of equal dates in a datetime-sorted column, plus a final `length`
 * sentinel: rows `[starts[g], starts[g + 1])` share a date.
 */
export function dateGroups(datetime: readonly string[]): Int32Array {
  const starts: number[] = [];
  for (let i = 0; i < datetime.length; i++) if (i === 0 || datetime[i] !== datetime[i - 1]) starts.push(i);
  starts.push(datetime.length);
  return Int32Array.from(starts);
}

/**
 * Per-date z-score `(x - mean) / std` in place, as pandas does it: NaN values are skipped, the std
 * uses ddof = 1, so a date with fewer than two values (or all values equal) gives NaN.
 */
export function zscoreByGroup(values: Float64Array, groups: Int32Array): Float64Array {
  for (let g = 0; g + 1 < groups.length; g++) {
    const s = groups[g]!;
    const e = groups[g + 1]!;
    let n = 0;
    let sum = 0;
    for (let i = s; i < e; i++) {
      const v = values[i]!;
      if (v === v) {
        n++;
        sum += v;
      }
    }
    const mean = sum / n;
    let ss = 0;
    for (let i = s; i < e; i++) {
      const v = values[i]!;
      if (v === v) ss += (v - mean) * (v - mean);
    }
    // two-pass variance: no cancellation error, unlike sum-of-squares
    const std = n > 1 ? Math.sqrt(ss / (n - 1)) : NaN;
    for (let i = s; i < e; i++) values[i] = (values[i]! - mean) / std;
  }
  return values;
}
