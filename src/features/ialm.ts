/**
 * Robust PCA, D = M + S, by the inexact augmented Lagrange multiplier method (paper section 4.5,
 * Eq. 12-13, Algorithm 1; Z. Lin, M. Chen & Y. Ma, "The augmented Lagrange multiplier method for
 * exact recovery of corrupted low-rank matrices", UILU-ENG-09-2215, 2009, Algorithm 5;
 * NOTES section 2, step 4):
 *
 *   min ||M||_* + lambda ||S||_1  s.t.  D = M + S,        lambda = lambdaScale / sqrt(max(m, n))
 *
 *   J(D) = max(||D||_2, ||D||_inf / lambda),  Y_0 = D / J(D),  S_0 = 0,  mu_0 = mu0Scale / ||D||_2
 *   repeat
 *     M_{k+1} = D_{1/mu_k}(D - S_k + Y_k / mu_k)                    (singular value thresholding)
 *     S_{k+1} = shrink_{lambda/mu_k}(D - M_{k+1} + Y_k / mu_k)      (entrywise soft threshold)
 *     Y_{k+1} = Y_k + mu_k (D - M_{k+1} - S_{k+1})
 *     mu_{k+1} = min(rho mu_k, muMaxScale mu_0)
 *   until ||D - M - S||_F / ||D||_F < tol or maxIter iterations.
 *
 * The M-step comes first, as in the paper's Algorithm 1 (Lin et al.'s reference code updates S
 * first; both are the same IALM). mu is capped at 1e7 mu_0 as in Lin et al.'s code: a geometric
 * mu with no cap would break the convergence condition sum 1/mu_k = +inf quoted in section 4.5.
 *
 * Rows and columns of D that are entirely zero (the background around a ROI) stay zero in M, S and
 * Y at every iteration: their entries of D - S + Y/mu are zero, the SVT maps a zero row (column)
 * to a zero row (column), and so does the shrinkage. They are therefore removed before iterating
 * and restored after: the same decomposition (lambda keeps the full size) at a smaller cost, and M
 * exactly zero there, where a full-size solver would leave ~1e-17 of rounding noise that the LBP
 * comparisons would read as texture.
 */
import { frobeniusNorm, gramOfColumns, gramOfRows, maxAbs } from './linalg';
import { largestEigenvalue } from './partialEigen';
import { createSvt, type SvdMethod } from './svt';

export interface IalmOptions {
  lambdaScale: number;
  mu0Scale: number;
  rho: number;
  tol: number;
  maxIter: number;
  /** SVT eigensolver (svt.ts); both give the same decomposition to rounding level. Default 'fast'. */
  svd?: SvdMethod;
  /** mu is capped at muMaxScale * mu_0 (Lin et al.: 1e7). */
  muMaxScale?: number;
}

export interface IalmResult {
  /** M, row-major m x n */
  lowRank: Float64Array;
  /** S, row-major m x n */
  sparse: Float64Array;
  iterations: number;
  converged: boolean;
  /** rank of M at the last iteration */
  rank: number;
  /** ||D - M - S||_F / ||D||_F at the end */
  residual: number;
}

export function robustPcaIalm(d: Float64Array, m: number, n: number, options: IalmOptions): IalmResult {
  if (d.length !== m * n) throw new Error(`robustPcaIalm: ${d.length} values for ${m} x ${n}`);
  const lambda = options.lambdaScale / Math.sqrt(Math.max(m, n));
  const rows = nonZeroLines(d, m, n, true);
  const cols = nonZeroLines(d, m, n, false);
  if (rows.length === m && cols.length === n) return ialmCore(d, m, n, lambda, options);

  const mc = rows.length;
  const nc = cols.length;
  const compact = new Float64Array(mc * nc);
  for (let i = 0; i < mc; i++) for (let j = 0; j < nc; j++) compact[i * nc + j] = d[rows[i] * n + cols[j]];
  const result = ialmCore(compact, mc, nc, lambda, options);
  const lowRank = new Float64Array(m * n);
  const sparse = new Float64Array(m * n);
  for (let i = 0; i < mc; i++) {
    for (let j = 0; j < nc; j++) {
      lowRank[rows[i] * n + cols[j]] = result.lowRank[i * nc + j];
      sparse[rows[i] * n + cols[j]] = result.sparse[i * nc + j];
    }
  }
  return { ...result, lowRank, sparse };
}

/** Indices of the rows (or columns) of a row-major m x n matrix that hold a non-zero entry. */
function nonZeroLines(d: Float64Array, m: number, n: number, byRow: boolean): number[] {
  const used = new Uint8Array(byRow ? m : n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      if (d[i * n + j] !== 0) {
        used[byRow ? i : j] = 1;
      }
    }
  }
  const lines: number[] = [];
  for (let k = 0; k < used.length; k++) if (used[k] === 1) lines.push(k);
  return lines;
}

function ialmCore(d: Float64Array, m: number, n: number, lambda: number, options: IalmOptions): IalmResult {
  const size = m * n;
  const lowRank = new Float64Array(size);
  const sparse = new Float64Array(size);
  const dNorm = frobeniusNorm(d);
  if (size === 0 || dNorm === 0) return { lowRank, sparse, iterations: 0, converged: true, rank: 0, residual: 0 };

  const norm2 = spectralNorm(d, m, n);
  const dual = Math.max(norm2, maxAbs(d) / lambda);
  const y = new Float64Array(size);
  for (let i = 0; i < size; i++) y[i] = d[i] / dual;
  let mu = options.mu0Scale / norm2;
  const muMax = mu * (options.muMaxScale ?? 1e7);

  const svt = createSvt(m, n, options.svd ?? 'fast');
  const work = new Float64Array(size);
  let iterations = 0;
  let converged = false;
  let rank = 0;
  let residual = 1;
  while (iterations < options.maxIter) {
    iterations++;
    for (let i = 0; i < size; i++) work[i] = d[i] - sparse[i] + y[i] / mu;
    rank = svt.apply(work, 1 / mu, lowRank);
    const shrink = lambda / mu;
    let residualSq = 0;
    for (let i = 0; i < size; i++) {
      const t = d[i] - lowRank[i] + y[i] / mu;
      const s = t > shrink ? t - shrink : t < -shrink ? t + shrink : 0;
      sparse[i] = s;
      const z = d[i] - lowRank[i] - s;
      y[i] += mu * z;
      residualSq += z * z;
    }
    mu = Math.min(mu * options.rho, muMax);
    residual = Math.sqrt(residualSq) / dNorm;
    if (residual < options.tol) {
      converged = true;
      break;
    }
  }
  return { lowRank, sparse, iterations, converged, rank, residual };
}

/** ||A||_2 = sqrt of the largest eigenvalue of the smaller Gram matrix (computed exactly, not by
 * power iteration, whose accuracy would depend on the gap between the two largest values). */
function spectralNorm(a: Float64Array, m: number, n: number): number {
  const small = Math.min(m, n);
  const gram = n <= m ? gramOfColumns(a, m, n) : gramOfRows(a, m, n);
  const largest = largestEigenvalue(gram, small);
  return Math.sqrt(largest > 0 ? largest : 0);
}
