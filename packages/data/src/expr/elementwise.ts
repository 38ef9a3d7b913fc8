/**
 * Elementwise operator kernels with numpy's semantics on float data: NaN propagates through arithmetic,
 * Greater/Less (np.maximum / np.minimum) give NaN if either side is NaN, comparisons with NaN are False
 * (0) except `!=`, and logic treats NaN as False (Qlib raises on float logic input; rollq is lenient).
 * One function per operator, so each loop stays monomorphic.
 */

/** A one-input kernel. */
export type UnaryKernel = (x: Float64Array) => Float64Array;
/** A two-input kernel over equal-length inputs. */
export type BinaryKernel = (a: Float64Array, b: Float64Array) => Float64Array;

/** One-input operators by name. */
export const UNARY_KERNELS = {
  Abs(x) {
    const n = x.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]!);
    return out;
  },
  Sign(x) {
    const n = x.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.sign(x[i]!);
    return out;
  },
  Log(x) {
    const n = x.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.log(x[i]!);
    return out;
  },
  Not(x) {
    const n = x.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = x[i] ? 0 : 1;
    return out;
  },
} satisfies Record<string, UnaryKernel>;

/** Two-input operators by name. */
export const BINARY_KERNELS = {
  Add(a, b) {
    const n = a.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = a[i]! + b[i]!;
    return out;
  },
  Sub(a, b) {
    const n = a.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = a[i]! - b[i]!;
    return out;
  },
  Mul(a, b) {
    const n = a.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!;
    return out;
  },
  Div(a, b) {
    const n = a.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = a[i]! / b[i]!;
    return out;
  },
  Power(a, b) {
    const n = a.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = a[i]! ** b[i]!;
    return out;
  },
  Greater(a, b) {
    const n = a.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.max(a[i]!, b[i]!);
    return out;
  },
  Less(a, b) {
    const n = a.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.min(a[i]!, b[i]!);
    return out;
  },
  Gt(a, b) {
    const n = a.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = a[i]! > b[i]! ? 1 : 0;
    return out;
  },
  Ge(a, b) {
    const n = a.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = a[i]! >= b[i]! ? 1 : 0;
    return out;
  },
  Lt(a, b) {
    const n = a.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = a[i]! < b[i]! ? 1 : 0;
    return out;
  },
  Le(a, b) {
    const n = a.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = a[i]! <= b[i]! ? 1 : 0;
    return out;
  },
  Eq(a, b) {
    const n = a.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = a[i]! === b[i]! ? 1 : 0;
    return out;
  },
  Ne(a, b) {
    const n = a.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = a[i]! !== b[i]! ? 1 : 0;
    return out;
  },
  And(a, b) {
    const n = a.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = a[i] && b[i] ? 1 : 0;
    return out;
  },
  Or(a, b) {
    const n = a.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = a[i] || b[i] ? 1 : 0;
    return out;
  },
} satisfies Record<string, BinaryKernel>;
