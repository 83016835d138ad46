/**
 * Singular value thresholding D_tau(X) = U diag(max(sigma - tau, 0)) V^T, the proximal operator of
 * the nuclear norm and the M-step of IALM (paper section 4.5, Algorithm 1 step 2; Cai, Candès &
 * Shen, "A singular value thresholding algorithm for matrix completion", SIAM J. Optim. 2010;
 * Lin, Chen & Ma 2009).
 *
 * Both strategies go through the smaller Gram matrix. With X^T X = V diag(sigma^2) V^T,
 * D_tau(X) = X V_r diag((sigma_i - tau) / sigma_i) V_r^T over the r singular values above tau,
 * so the left singular vectors are never formed (a wide X goes through X^T). They differ only in
 * the symmetric eigensolver:
 *
 * - exact: the full decomposition, Householder + implicit QL with all eigenvectors
 *   (symmetricEigen.ts);
 * - fast: only the eigenpairs above tau^2, by tridiagonalisation, QL eigenvalues, inverse
 *   iteration and back-transformation (partialEigen.ts, LAPACK dsyevx's method), which skips the
 *   accumulation of the n x n eigenvector matrix, the dominant cost of the full solver.
 *
 * Precision: the Gram matrix squares the condition number, so singular values carry an absolute
 * error of about eps sigma_1^2 / sigma (1e-9 sigma_1 at sigma = 1e-7 sigma_1, IALM's smallest
 * thresholds at tol = 1e-7). The two strategies agree to that level, far below the differences
 * the LBP comparisons can see (tests/unit/features/ialm.test.ts, sliceFeatures.test.ts).
 */
import { gramOfColumns, gramOfRows, multiplyRowsByRows, transpose } from './linalg';
import { createLeadingEigenSolver } from './partialEigen';
import { symmetricEigen } from './symmetricEigen';

export type SvdMethod = 'exact' | 'fast';

export interface SingularValueThresholder {
  /**
   * Writes D_tau(x) into out (both row-major m x n, out must not alias x) and returns the number
   * of singular values above tau (the rank of the result).
   */
  apply(x: Float64Array, tau: number, out: Float64Array): number;
}

export function createSvt(m: number, n: number, method: SvdMethod): SingularValueThresholder {
  // D_tau(X) = D_tau(X^T)^T: a wide X is handled through its transpose, so the Gram matrix is
  // always the smaller one and the eigenvectors are right singular vectors.
  const wide = n > m;
  const rows = wide ? n : m;
  const cols = wide ? m : n;
  const xt = new Float64Array(rows * cols); // X^T: the wide input transposed, or Gram scratch
  const gram = new Float64Array(cols * cols);
  const projected = new Float64Array(rows * cols); // X V_r diag(w), rows x r
  const vectorsT = new Float64Array(cols * cols); // V_r^T, cols x r
  const wideOut = wide ? new Float64Array(rows * cols) : null;
  const leading = method === 'fast' ? createLeadingEigenSolver(cols) : null;
  return {
    apply(x, tau, out) {
      // a = X (tall) or X^T (wide), rows x cols; its column Gram matrix a^T a is the smaller one.
      const a = wide ? transpose(x, m, n, xt) : x;
      if (wide) gramOfRows(x, m, n, gram);
      else gramOfColumns(x, m, n, gram, xt);
      const above = (lambda: number): boolean => Math.sqrt(lambda > 0 ? lambda : 0) > tau;
      const { values, vectors } =
        leading === null ? symmetricEigen(gram, cols) : leading.solve(gram, above);
      let r = 0;
      while (r < values.length && above(values[r])) r++;
      const target = wideOut ?? out;
      if (r === 0) {
        out.fill(0);
        return 0;
      }
      // T = X V_r (rows x r), scaled by w_k = (sigma_k - tau) / sigma_k, then out = T V_r^T.
      multiplyRowsByRows(a, rows, cols, vectors, r, projected);
      for (let k = 0; k < r; k++) {
        const sigma = Math.sqrt(values[k]);
        const w = (sigma - tau) / sigma;
        for (let i = 0; i < rows; i++) projected[i * r + k] *= w;
      }
      transpose(vectors, r, cols, vectorsT);
      multiplyRowsByRows(projected, rows, r, vectorsT, cols, target);
      if (wideOut) transpose(wideOut, rows, cols, out);
      return r;
    },
  };
}
