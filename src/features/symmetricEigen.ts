/**
 * Full eigendecomposition of a symmetric matrix: Householder tridiagonalisation followed by the
 * implicit QL method with Wilkinson shifts, the EISPACK routines tred2 and tql2 (Martin, Reinsch &
 * Wilkinson 1968; Bowdler, Martin, Reinsch & Wilkinson 1968, Handbook for Automatic Computation
 * vol. II) as published in the public-domain JAMA package (Golub & Van Loan, Matrix Computations,
 * ch. 8). It is the 'exact' eigensolver of IALM's singular value thresholding (svt.ts) and the
 * reference for the partial one (partialEigen.ts). Its QL iteration, without vectors, also gives
 * the eigenvalues of a tridiagonal matrix in O(n^2).
 *
 * Only +, -, *, /, Math.abs and Math.sqrt are used: bit-identical on every engine (see linalg.ts).
 */
import { hypot2 } from './linalg';

export interface SymmetricEigen {
  /** Eigenvalues in descending order. */
  values: Float64Array;
  /**
   * Orthonormal eigenvectors stored one per row: vectors[k * n + i] is component i of the
   * eigenvector of values[k].
   */
  vectors: Float64Array;
}

/**
 * Eigendecomposition of the symmetric n x n matrix `a` (row-major; only read, both triangles must
 * hold the matrix) by Householder tridiagonalisation and implicit QL (tred2 + tql2).
 */
export function symmetricEigen(a: Float64Array, n: number): SymmetricEigen {
  if (a.length < n * n) throw new Error(`symmetricEigen: ${a.length} values for ${n} x ${n}`);
  const v = Float64Array.from(a.subarray(0, n * n));
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n === 0) return { values: d, vectors: v };
  tred2(v, d, e, n);
  // tql2 rotates pairs of eigenvector columns; transposed, they are contiguous rows.
  const vt = transposeSquare(v, n);
  tql2(vt, d, e, n);
  return sortDescending(d, vt, n);
}

function transposeSquare(a: Float64Array, n: number): Float64Array {
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = a[i * n + j];
  return t;
}

/** Householder reduction of the symmetric matrix in v (row-major) to tridiagonal d, e; v ends as Q. */
function tred2(v: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = v[(n - 1) * n + j];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = v[(i - 1) * n + j];
        v[i * n + j] = 0;
        v[j * n + i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        v[j * n + i] = f;
        g = e[j] + v[j * n + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += v[k * n + j] * d[k];
          e[k] += v[k * n + j] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) v[k * n + j] -= f * e[k] + g * d[k];
        d[j] = v[(i - 1) * n + j];
        v[i * n + j] = 0;
      }
    }
    d[i] = h;
  }
  // Accumulate the transformations.
  for (let i = 0; i < n - 1; i++) {
    v[(n - 1) * n + i] = v[i * n + i];
    v[i * n + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = v[k * n + i + 1] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += v[k * n + i + 1] * v[k * n + j];
        for (let k = 0; k <= i; k++) v[k * n + j] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) v[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = v[(n - 1) * n + j];
    v[(n - 1) * n + j] = 0;
  }
  v[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

const EPS = 2.220446049250313e-16; // 2^-52
const MAX_QL_ITERATIONS = 100;

/**
 * Implicit QL with Wilkinson shifts on the tridiagonal (d, e), e[i] = T[i - 1][i] for i >= 1
 * (e[0] unused); `vt`, when given, holds the transformation transposed (row k = column k of Q) and
 * is rotated into the eigenvectors, one per row. On return d holds the eigenvalues, unsorted.
 */
function tql2(vt: Float64Array | null, d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  for (let l = 0; l < n; l++) {
    const size = Math.abs(d[l]) + Math.abs(e[l]);
    if (size > tst1) tst1 = size;
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= EPS * tst1) break;
      m++;
    }
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > MAX_QL_ITERATIONS) throw new Error('symmetricEigen: QL iteration did not converge');
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = hypot2(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = hypot2(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          if (vt === null) continue;
          const rowI = i * n;
          const rowI1 = rowI + n;
          for (let k = 0; k < n; k++) {
            const hk = vt[rowI1 + k];
            const vk = vt[rowI + k];
            vt[rowI1 + k] = s * vk + c * hk;
            vt[rowI + k] = c * vk - s * hk;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > EPS * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}

/**
 * Eigenvalues, in descending order, of the symmetric tridiagonal matrix with diagonal `diagonal`
 * (length n) and off-diagonal `offDiagonal` (offDiagonal[i] = T[i][i + 1], length n - 1), by the
 * implicit QL method without eigenvectors (O(n^2)). The inputs are not modified.
 */
export function tridiagonalEigenvalues(diagonal: Float64Array, offDiagonal: Float64Array, n: number): Float64Array {
  const d = Float64Array.from(diagonal.subarray(0, n));
  const e = new Float64Array(n);
  for (let i = 1; i < n; i++) e[i] = offDiagonal[i - 1];
  if (n > 0) tql2(null, d, e, n);
  return d.sort().reverse();
}

function sortDescending(d: Float64Array, vt: Float64Array, n: number): SymmetricEigen {
  const order = Array.from({ length: n }, (_, i) => i);
  // Stable: ties keep the solver's order, so the result is the same everywhere.
  order.sort((i, j) => (d[j] !== d[i] ? d[j] - d[i] : i - j));
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    values[k] = d[order[k]];
    vectors.set(vt.subarray(order[k] * n, order[k] * n + n), k * n);
  }
  return { values, vectors };
}
