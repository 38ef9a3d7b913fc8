/**
 * Elementwise operators with numpy's semantics on float data: NaN propagates through arithmetic,
 * Greater/Less (np.maximum / np.minimum) give NaN if either side is NaN, comparisons with NaN are False
 * (0) except `!=`, and logic treats NaN as False (Qlib raises on float logic input; rollq is lenient).
 */

/** One-input operators. */
export function unaryOp(op: string, x: Float64Array): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  switch (op) {
    case 'Abs':
      for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]!);
      break;
    case 'Sign':
      for (let i = 0; i < n; i++) out[i] = Math.sign(x[i]!);
      break;
    case 'Log':
      for (let i = 0; i < n; i++) out[i] = Math.log(x[i]!);
      break;
    case 'Not':
      for (let i = 0; i < n; i++) out[i] = x[i] ? 0 : 1;
      break;
    default:
      throw new Error(`not a unary operator: ${op}`);
  }
  return out;
}

/** Two-input operators. */
export function binaryOp(op: string, a: Float64Array, b: Float64Array): Float64Array {
  const n = a.length;
  const out = new Float64Array(n);
  switch (op) {
    case 'Add':
      for (let i = 0; i < n; i++) out[i] = a[i]! + b[i]!;
      break;
    case 'Sub':
      for (let i = 0; i < n; i++) out[i] = a[i]! - b[i]!;
      break;
    case 'Mul':
      for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!;
      break;
    case 'Div':
      for (let i = 0; i < n; i++) out[i] = a[i]! / b[i]!;
      break;
    case 'Power':
      for (let i = 0; i < n; i++) out[i] = a[i]! ** b[i]!;
      break;
    case 'Greater':
      for (let i = 0; i < n; i++) out[i] = Math.max(a[i]!, b[i]!);
      break;
    case 'Less':
      for (let i = 0; i < n; i++) out[i] = Math.min(a[i]!, b[i]!);
      break;
    case 'Gt':
      for (let i = 0; i < n; i++) out[i] = a[i]! > b[i]! ? 1 : 0;
      break;
    case 'Ge':
      for (let i = 0; i < n; i++) out[i] = a[i]! >= b[i]! ? 1 : 0;
      break;
    case 'Lt':
      for (let i = 0; i < n; i++) out[i] = a[i]! < b[i]! ? 1 : 0;
      break;
    case 'Le':
      for (let i = 0; i < n; i++) out[i] = a[i]! <= b[i]! ? 1 : 0;
      break;
    case 'Eq':
      for (let i = 0; i < n; i++) out[i] = a[i]! === b[i]! ? 1 : 0;
      break;
    case 'Ne':
      for (let i = 0; i < n; i++) out[i] = a[i]! !== b[i]! ? 1 : 0;
      break;
    case 'And':
      for (let i = 0; i < n; i++) out[i] = a[i] && b[i] ? 1 : 0;
      break;
    case 'Or':
      for (let i = 0; i < n; i++) out[i] = a[i] || b[i] ? 1 : 0;
      break;
    default:
      throw new Error(`not a binary operator: ${op}`);
  }
  return out;
}
