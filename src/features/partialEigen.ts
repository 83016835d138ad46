/**
 * The leading eigenpairs of a symmetric matrix, only those above a bound, the way LAPACK's subset
 * driver dsyevx does it (Anderson et al., LAPACK Users' Guide, 3rd ed., 1999):
 *
 *   1. Householder tridiagonalisation A = Q T Q^T without forming Q (Golub & Van Loan, Matrix
 *      Computations, Alg. 8.3.1), (2/3) n^3 multiply-adds on the lower triangle;
 *   2. all eigenvalues of T by implicit QL without vectors, O(n^2) (symmetricEigen.ts);
 *   3. the eigenvectors of T for the wanted eigenvalues by inverse iteration with a tridiagonal LU
 *      with partial pivoting (LAPACK dgttrf/dstein; Peters & Wilkinson 1971), reorthogonalised
 *      against earlier vectors with nearly equal eigenvalues;
 *   4. back-transformation z -> Q z by the stored reflectors, in blocks of BLOCK reflectors
 *      applied as I - V T V^T (compact WY form, Schreiber & Van Loan 1989; LAPACK dlarft/dlarfb).
 *
 * For k leading pairs this costs (2/3) n^3 + k n^2 + O(k n) instead of the ~ 5 n^3 of a full
 * tred2 + tql2 with vectors, whose accumulation of all n eigenvectors dominates. The result equals
 * the full decomposition to the accuracy of a backward-stable eigensolver (eigenvector errors
 * ~ eps ||A|| / gap for either method). It is the 'fast' eigensolver behind IALM's singular value
 * thresholding (svt.ts).
 *
 * Deterministic: only correctly rounded IEEE operations; inverse iteration starts from vectors of a
 * fixed-seed generator, reseeded on every call.
 */
import { createRng } from '../util/random';
import { multiplyRowsByRowsStrided } from './linalg';
import { tridiagonalEigenvalues } from './symmetricEigen';

const EPS = 2.220446049250313e-16;
const INVERSE_ITERATION_STEPS = 5;
const START_SEED = 0x1ba1; // any fixed value: only reproducibility matters
/** Reflectors per block of the back-transformation. */
const BLOCK = 16;
/**
 * A vector is reorthogonalised against the earlier ones whose eigenvalues lie within this
 * fraction of ||T||_1. Farther ones need not be: each inverse-iteration step with a shift accurate
 * to ~eps ||T|| multiplies their components by ~eps ||T|| / gap < 1e-7 relative to the wanted one,
 * and at least two steps are taken. LAPACK's dstein uses 1e-3 and chains clusters, which for a
 * Gram matrix (eigenvalues spread over 1e-14 ||T||..||T||) reorthogonalises almost every vector
 * against all the others for no gain in accuracy (measured on IALM runs: same SVT to 1e-10).
 */
const REORTHOGONALISATION_WINDOW = 1e-8;

/** Householder reduction of a symmetric matrix to tridiagonal form, with the reflectors kept. */
interface Tridiagonal {
  n: number;
  diagonal: Float64Array;
  /** offDiagonal[i] = T[i][i + 1], length max(n - 1, 0) */
  offDiagonal: Float64Array;
  /**
   * Reflector k (k = 0..n-3) acts on indices k+1..n-1: H_k = I - beta_k v_k v_k^T with
   * v_k = reflectors[k * n + k + 1 .. k * n + n - 1] (first entry 1, entries before it zero).
   * A = Q T Q^T, Q = H_0 ... H_{n-3}.
   */
  reflectors: Float64Array;
  betas: Float64Array;
}

export interface LeadingEigen {
  /** The accepted eigenvalues, descending. */
  values: Float64Array;
  /** Their unit eigenvectors, one per row (values.length x n). */
  vectors: Float64Array;
}

export interface LeadingEigenSolver {
  /**
   * The eigenpairs of the symmetric n x n matrix `a` (row-major, lower triangle read, overwritten)
   * whose eigenvalues pass `accept`, called on the eigenvalues in descending order until it first
   * returns false. The returned arrays are views of the solver's buffers, valid until its next call.
   */
  solve(a: Float64Array, accept: (value: number) => boolean): LeadingEigen;
}

/** A solver for n x n matrices that keeps its work buffers between calls (one per IALM run). */
export function createLeadingEigenSolver(n: number): LeadingEigenSolver {
  const tri = allocateTridiagonal(n);
  const work = new Float64Array(n);
  const inverse = new InverseIteration(n);
  const vectors = new Float64Array(n * n);
  const back = new BlockBackTransform(n);
  return {
    solve(a, accept) {
      tridiagonalise(a, n, tri, work);
      const all = tridiagonalEigenvalues(tri.diagonal, tri.offDiagonal, n);
      let count = 0;
      while (count < n && accept(all[count])) count++;
      const values = all.subarray(0, count);
      if (count > 0) {
        inverse.run(tri.diagonal, tri.offDiagonal, values, count, vectors);
        back.apply(tri, vectors, count);
      }
      return { values, vectors: vectors.subarray(0, count * n) };
    },
  };
}

/** The largest eigenvalue of the symmetric n x n matrix `a` (lower triangle read, overwritten). */
export function largestEigenvalue(a: Float64Array, n: number): number {
  if (n === 0) return 0;
  const tri = tridiagonalise(a, n, allocateTridiagonal(n), new Float64Array(n));
  return tridiagonalEigenvalues(tri.diagonal, tri.offDiagonal, n)[0];
}

function allocateTridiagonal(n: number): Tridiagonal {
  return {
    n,
    diagonal: new Float64Array(n),
    offDiagonal: new Float64Array(Math.max(n - 1, 0)),
    reflectors: new Float64Array(n * n),
    betas: new Float64Array(Math.max(n - 2, 0)),
  };
}

/**
 * Tridiagonalises the symmetric n x n matrix `a` into `t` (only the lower triangle of `a` is read
 * and updated, which halves the work and the memory traffic of the rank-two updates); `p` is an
 * n-vector of scratch space.
 */
function tridiagonalise(a: Float64Array, n: number, t: Tridiagonal, p: Float64Array): Tridiagonal {
  const { diagonal, offDiagonal, reflectors: v, betas } = t;
  for (let k = 0; k < n - 2; k++) {
    const rowK = k * n;
    diagonal[k] = a[rowK + k];
    // x = A[k+1..n-1][k], the column below the diagonal.
    const x0 = a[(k + 1) * n + k];
    let sigma = 0;
    for (let i = k + 2; i < n; i++) sigma += a[i * n + k] * a[i * n + k];
    v[rowK + k + 1] = 1;
    if (sigma === 0) {
      // Already reduced in this column: H_k = I.
      betas[k] = 0;
      offDiagonal[k] = x0;
      for (let i = k + 2; i < n; i++) v[rowK + i] = 0;
      continue;
    }
    // House(x) (Golub & Van Loan Alg. 5.1.1): H x = mu e_1, mu = ||x||.
    const mu = Math.sqrt(x0 * x0 + sigma);
    const v0 = x0 <= 0 ? x0 - mu : -sigma / (x0 + mu);
    const beta = (2 * v0 * v0) / (sigma + v0 * v0);
    for (let i = k + 2; i < n; i++) v[rowK + i] = a[i * n + k] / v0;
    betas[k] = beta;
    offDiagonal[k] = mu;

    // p = beta A' v on the trailing block A' = A[k+1..][k+1..], from its lower triangle, four rows
    // at a time (each p[j] and v[j] is then loaded once per four rows).
    for (let i = k + 1; i < n; i++) p[i] = 0;
    let i = k + 1;
    for (; i + 3 < n; i += 4) {
      const row0 = i * n;
      const row1 = row0 + n;
      const row2 = row1 + n;
      const row3 = row2 + n;
      const v0i = v[rowK + i];
      const v1i = v[rowK + i + 1];
      const v2i = v[rowK + i + 2];
      const v3i = v[rowK + i + 3];
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = k + 1; j < i; j++) {
        const a0 = a[row0 + j];
        const a1 = a[row1 + j];
        const a2 = a[row2 + j];
        const a3 = a[row3 + j];
        const vj = v[rowK + j];
        s0 += a0 * vj;
        s1 += a1 * vj;
        s2 += a2 * vj;
        s3 += a3 * vj;
        p[j] += a0 * v0i + a1 * v1i + a2 * v2i + a3 * v3i;
      }
      // The 4 x 4 diagonal block, lower triangle: rows i..i+3, columns i..row.
      for (let d = 0; d < 4; d++) {
        const rowD = row0 + d * n;
        for (let e = 0; e <= d; e++) {
          const ade = a[rowD + i + e];
          p[i + d] += ade * v[rowK + i + e];
          if (e < d) p[i + e] += ade * v[rowK + i + d];
        }
      }
      p[i] += s0;
      p[i + 1] += s1;
      p[i + 2] += s2;
      p[i + 3] += s3;
    }
    for (; i < n; i++) {
      const rowI = i * n;
      const vi = v[rowK + i];
      let s0 = 0;
      for (let j = k + 1; j < i; j++) {
        const aij = a[rowI + j];
        s0 += aij * v[rowK + j];
        p[j] += aij * vi;
      }
      p[i] += s0 + a[rowI + i] * vi;
    }
    let pv = 0;
    for (let j = k + 1; j < n; j++) {
      p[j] *= beta;
      pv += p[j] * v[rowK + j];
    }
    // w = p - (beta p^T v / 2) v, stored back into p; A' -= v w^T + w v^T (lower triangle), two
    // rows at a time (sharing the loads of p[j] and v[j]).
    const half = (beta * pv) / 2;
    for (let j = k + 1; j < n; j++) p[j] -= half * v[rowK + j];
    let r = k + 1;
    for (; r + 1 < n; r += 2) {
      const row0 = r * n;
      const row1 = row0 + n;
      const v0 = v[rowK + r];
      const w0 = p[r];
      const v1 = v[rowK + r + 1];
      const w1 = p[r + 1];
      for (let j = k + 1; j <= r; j++) {
        const pj = p[j];
        const vj = v[rowK + j];
        a[row0 + j] -= v0 * pj + w0 * vj;
        a[row1 + j] -= v1 * pj + w1 * vj;
      }
      a[row1 + r + 1] -= v1 * w1 + w1 * v1;
    }
    if (r < n) {
      const rowR = r * n;
      const vr = v[rowK + r];
      const wr = p[r];
      for (let j = k + 1; j <= r; j++) a[rowR + j] -= vr * p[j] + wr * v[rowK + j];
    }
  }
  if (n >= 2) {
    diagonal[n - 2] = a[(n - 2) * n + n - 2];
    offDiagonal[n - 2] = a[(n - 1) * n + n - 2];
  }
  if (n >= 1) diagonal[n - 1] = a[(n - 1) * n + n - 1];
  return t;
}

/**
 * Eigenvectors of a symmetric tridiagonal matrix for given eigenvalues (descending), by inverse
 * iteration (LAPACK dstein). Output: one per row, unit 2-norm, largest-magnitude entry positive.
 */
class InverseIteration {
  private readonly lower: Float64Array;
  private readonly diag: Float64Array;
  private readonly upper1: Float64Array;
  private readonly upper2: Float64Array;
  private readonly swapped: Uint8Array;
  private readonly x: Float64Array;

  constructor(private readonly n: number) {
    this.lower = new Float64Array(Math.max(n - 1, 0)); // multipliers of L
    this.diag = new Float64Array(n); // U diagonal
    this.upper1 = new Float64Array(Math.max(n - 1, 0)); // U first superdiagonal
    this.upper2 = new Float64Array(Math.max(n - 2, 0)); // U second superdiagonal (fill-in)
    this.swapped = new Uint8Array(Math.max(n - 1, 0));
    this.x = new Float64Array(n);
  }

  run(diagonal: Float64Array, offDiagonal: Float64Array, values: ArrayLike<number>, count: number, out: Float64Array): void {
    const { n, lower, diag, upper1, upper2, swapped, x } = this;
    if (n === 1) {
      out[0] = 1;
      return;
    }
    let norm1 = 0;
    for (let i = 0; i < n; i++) {
      const s =
        Math.abs(diagonal[i]) + (i > 0 ? Math.abs(offDiagonal[i - 1]) : 0) + (i < n - 1 ? Math.abs(offDiagonal[i]) : 0);
      if (s > norm1) norm1 = s;
    }
    const tiny = norm1 > 0 ? EPS * norm1 : Number.MIN_VALUE;
    const window = REORTHOGONALISATION_WINDOW * norm1;
    // Converged once ||(T - shift I) x|| / ||x|| <= 1e3 n eps ||T||, i.e. the solve grew x that much.
    const growthTarget = 1 / (1e3 * n * tiny);
    const rng = createRng(START_SEED);

    let windowStart = 0;
    let shift = 0;
    for (let j = 0; j < count; j++) {
      const value = values[j];
      while (values[windowStart] - value > window) windowStart++;
      // Separate equal or nearly equal shifts, so that each converges to its own vector.
      const separation = 10 * EPS * Math.abs(value);
      shift = j > 0 && shift - value < separation ? shift - separation : value;

      // LU with partial pivoting of T - shift I (LAPACK dgttrf).
      for (let i = 0; i < n; i++) diag[i] = diagonal[i] - shift;
      for (let i = 0; i < n - 1; i++) {
        lower[i] = offDiagonal[i];
        upper1[i] = offDiagonal[i];
      }
      for (let i = 0; i < n - 1; i++) {
        if (Math.abs(diag[i]) >= Math.abs(lower[i])) {
          swapped[i] = 0;
          if (diag[i] !== 0) {
            const factor = lower[i] / diag[i];
            lower[i] = factor;
            diag[i + 1] -= factor * upper1[i];
          } else {
            lower[i] = 0;
          }
          if (i < n - 2) upper2[i] = 0;
        } else {
          swapped[i] = 1;
          const factor = diag[i] / lower[i];
          diag[i] = lower[i];
          lower[i] = factor;
          const temp = upper1[i];
          upper1[i] = diag[i + 1];
          diag[i + 1] = temp - factor * diag[i + 1];
          if (i < n - 2) {
            upper2[i] = upper1[i + 1];
            upper1[i + 1] = -factor * upper1[i + 1];
          }
        }
      }
      // T - shift I is singular by design: perturb tiny pivots (LAPACK dlagts, job = -1).
      for (let i = 0; i < n; i++) if (Math.abs(diag[i]) < tiny) diag[i] = diag[i] < 0 ? -tiny : tiny;

      for (let i = 0; i < n; i++) x[i] = 2 * rng.next() - 1;
      let lastStep = false;
      for (let step = 0; step < INVERSE_ITERATION_STEPS; step++) {
        // Solve (T - shift I) y = x in place (x has unit max-norm, so ||y||_inf is the growth).
        for (let i = 0; i < n - 1; i++) {
          if (swapped[i] === 0) x[i + 1] -= lower[i] * x[i];
          else {
            const temp = x[i];
            x[i] = x[i + 1];
            x[i + 1] = temp - lower[i] * x[i];
          }
        }
        x[n - 1] /= diag[n - 1];
        x[n - 2] = (x[n - 2] - upper1[n - 2] * x[n - 1]) / diag[n - 2];
        for (let i = n - 3; i >= 0; i--) x[i] = (x[i] - upper1[i] * x[i + 1] - upper2[i] * x[i + 2]) / diag[i];
        // Modified Gram-Schmidt against the earlier vectors with nearly equal eigenvalues.
        for (let c = windowStart; c < j; c++) {
          const row = c * n;
          let d = 0;
          for (let i = 0; i < n; i++) d += out[row + i] * x[i];
          for (let i = 0; i < n; i++) x[i] -= d * out[row + i];
        }
        let growth = 0;
        for (let i = 0; i < n; i++) {
          const a = Math.abs(x[i]);
          if (a > growth) growth = a;
        }
        if (!(growth > 0 && growth < Infinity)) {
          // Degenerate right-hand side: restart from a fresh direction (never seen in practice).
          for (let i = 0; i < n; i++) x[i] = 2 * rng.next() - 1;
          continue;
        }
        for (let i = 0; i < n; i++) x[i] /= growth;
        if (lastStep) break;
        if (growth >= growthTarget) lastStep = true; // converged: one more step, as dstein does
      }
      let norm = 0;
      let largest = 0;
      let largestIndex = 0;
      for (let i = 0; i < n; i++) {
        norm += x[i] * x[i];
        if (Math.abs(x[i]) > largest) {
          largest = Math.abs(x[i]);
          largestIndex = i;
        }
      }
      let scale = 1 / Math.sqrt(norm);
      if (x[largestIndex] < 0) scale = -scale;
      const row = j * n;
      for (let i = 0; i < n; i++) out[row + i] = x[i] * scale;
    }
  }
}

/**
 * z -> Q z for vectors stored one per row, Q = H_0 ... H_{n-3}. Reflectors k0..k1-1 are applied
 * together as B = H_k0 ... H_{k1-1} = I - V T V^T with T upper triangular (LAPACK dlarft,
 * forward), B z = z - V (T (V^T z)), the last block first; both products are dot products of
 * contiguous rows (linalg.ts), which is where the speed comes from.
 */
class BlockBackTransform {
  private readonly t = new Float64Array(BLOCK * BLOCK);
  private readonly dots = new Float64Array(BLOCK);
  private readonly vtz: Float64Array; // V^T Z, BLOCK x count
  private readonly coefT: Float64Array; // (T V^T Z)^T, count x BLOCK
  private readonly blockT: Float64Array; // V transposed, length x BLOCK
  private readonly update: Float64Array; // count x length

  constructor(private readonly n: number) {
    this.vtz = new Float64Array(BLOCK * n);
    this.coefT = new Float64Array(n * BLOCK);
    this.blockT = new Float64Array(n * BLOCK);
    this.update = new Float64Array(n * n);
  }

  apply(tri: Tridiagonal, z: Float64Array, count: number): void {
    const { n, t, dots, vtz, coefT, blockT, update } = this;
    const { reflectors: v, betas } = tri;
    const reflectorCount = n - 2;
    if (reflectorCount <= 0) return;
    const lastStart = Math.floor((reflectorCount - 1) / BLOCK) * BLOCK;
    for (let k0 = lastStart; k0 >= 0; k0 -= BLOCK) {
      const nb = Math.min(BLOCK, reflectorCount - k0);
      const start = k0 + 1; // first index any reflector of the block touches
      const length = n - start;
      // T (nb x nb): T[i][i] = beta_i, T[0:i, i] = -beta_i T[0:i, 0:i] (V[:, 0:i]^T v_i).
      t.fill(0);
      for (let i = 0; i < nb; i++) {
        const beta = betas[k0 + i];
        t[i * BLOCK + i] = beta;
        if (beta === 0) continue;
        const vi = (k0 + i) * n;
        for (let l = 0; l < i; l++) {
          // v_l . v_i over v_i's support (its entries before k0 + i + 1 are zero).
          const vl = (k0 + l) * n;
          let d = 0;
          for (let r = k0 + i + 1; r < n; r++) d += v[vl + r] * v[vi + r];
          dots[l] = d;
        }
        for (let j = 0; j < i; j++) {
          let sum = 0;
          for (let l = j; l < i; l++) sum += t[j * BLOCK + l] * dots[l];
          t[j * BLOCK + i] = -beta * sum;
        }
      }
      // vtz = V^T Z over the block's index range.
      multiplyRowsByRowsStrided(v, k0 * n + start, n, nb, z, start, n, count, length, vtz, 0, count);
      // coefT[c][i] = (T vtz)[i][c]
      for (let c = 0; c < count; c++) {
        for (let i = 0; i < nb; i++) {
          let s = 0;
          for (let l = i; l < nb; l++) s += t[i * BLOCK + l] * vtz[l * count + c];
          coefT[c * nb + i] = s;
        }
      }
      // update (count x length) = coefT V^T, then Z -= update.
      transposeBlock(v, k0 * n + start, n, nb, length, blockT);
      multiplyRowsByRowsStrided(coefT, 0, nb, count, blockT, 0, nb, length, nb, update, 0, length);
      for (let c = 0; c < count; c++) {
        const row = c * n + start;
        const u = c * length;
        for (let r = 0; r < length; r++) z[row + r] -= update[u + r];
      }
    }
  }
}

/** out (cols x rows) = transpose of the rows x cols block of `a` at offset with the given stride. */
function transposeBlock(a: Float64Array, offset: number, stride: number, rows: number, cols: number, out: Float64Array): void {
  for (let i = 0; i < rows; i++) {
    const row = offset + i * stride;
    for (let j = 0; j < cols; j++) out[j * rows + i] = a[row + j];
  }
}
