/**
 * The valid values of a sliding window kept sorted in a typed array: insert / remove by binary search and
 * `copyWithin` (O(w) memmove, fast for Alpha158's windows ≤ 60). Backs Quantile, Med and Rank.
 */
export class SortedWindow {
  private buf: Float64Array;
  size = 0;

  constructor(capacity: number) {
    this.buf = new Float64Array(Math.max(1, capacity));
  }

  /** Index of the first element >= v. */
  lowerBound(v: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.buf[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the first element > v. */
  upperBound(v: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.buf[mid]! <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(v: number): void {
    if (this.size === this.buf.length) {
      const grown = new Float64Array(this.buf.length * 2);
      grown.set(this.buf);
      this.buf = grown;
    }
    const at = this.upperBound(v);
    this.buf.copyWithin(at + 1, at, this.size);
    this.buf[at] = v;
    this.size++;
  }

  remove(v: number): void {
    const at = this.lowerBound(v);
    this.buf.copyWithin(at, at + 1, this.size);
    this.size--;
  }

  get(k: number): number {
    return this.buf[k]!;
  }
}
