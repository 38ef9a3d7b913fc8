/**
 * Dense symmetric linear algebra for the closed-form linear model. Sizes are features × features
 * (≈158), so a cyclic Jacobi eigen-solver is plenty fast and, unlike Cholesky, handles the singular
 * normal equations that constant or duplicated feature columns produce.
 */

/**
 * Eigen-decomposition of the symmetric `p × p` matrix `a` (row-major, destroyed). Returns eigenvalues and
 * the eigenvectors as the columns of `v` (row-major).
 */
export function symmetricEigen(a: Float64Array, p: number): { values: Float64Array; vectors: Float64Array } {
  const v = new Float64Array(p * p);
  for (let i = 0; i < p; i++) v[i * p + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < p; i++) {
      diag += a[i * p + i] ** 2;
      for (let j = i + 1; j < p; j++) off += a[i * p + j] ** 2;
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let i = 0; i < p - 1; i++) {
      for (let j = i + 1; j < p; j++) {
        const aij = a[i * p + j];
        if (Math.abs(aij) < 1e-300) continue;
        const aii = a[i * p + i];
        const ajj = a[j * p + j];
        const theta = (ajj - aii) / (2 * aij);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        // Rotate rows/columns i and j of a (kept symmetric) and accumulate the rotation into v.
        for (let k = 0; k < p; k++) {
          const aki = a[k * p + i];
          const akj = a[k * p + j];
          a[k * p + i] = c * aki - s * akj;
          a[k * p + j] = s * aki + c * akj;
        }
        for (let k = 0; k < p; k++) {
          const aik = a[i * p + k];
          const ajk = a[j * p + k];
          a[i * p + k] = c * aik - s * ajk;
          a[j * p + k] = s * aik + c * ajk;
        }
        for (let k = 0; k < p; k++) {
          const vki = v[k * p + i];
          const vkj = v[k * p + j];
          v[k * p + i] = c * vki - s * vkj;
          v[k * p + j] = s * vki + c * vkj;
        }
      }
    }
  }
  const values = new Float64Array(p);
  for (let i = 0; i < p; i++) values[i] = a[i * p + i];
  return { values, vectors: v };
}

/**
 * Solves `(A + alpha·I) β = b` for symmetric positive semi-definite `A` with the pseudo-inverse:
 * eigen-directions whose eigenvalue is below `rcond · max eigenvalue` are dropped, which gives the
 * minimum-norm least-squares solution (what numpy's `lstsq`, behind sklearn's `LinearRegression`, returns).
 */
export function solveSymmetric(a: Float64Array, b: Float64Array, p: number, alpha: number): Float64Array {
  const { values, vectors } = symmetricEigen(Float64Array.from(a), p);
  let maxEig = 0;
  for (let i = 0; i < p; i++) maxEig = Math.max(maxEig, values[i] + alpha);
  const cutoff = maxEig * p * 2.220446049250313e-16;
  const beta = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    const lam = values[k] + alpha;
    if (!(lam > cutoff)) continue;
    let proj = 0;
    for (let i = 0; i < p; i++) proj += vectors[i * p + k] * b[i];
    const s = proj / lam;
    for (let i = 0; i < p; i++) beta[i] += vectors[i * p + k] * s;
  }
  return beta;
}
