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
 */
import { frobeniusNorm, maxAbs, spectralNorm } from './linalg';
import { createExactSvt, createFastSvt, type FastSvtOptions, type SvdMethod } from './svt';

export interface IalmOptions {
  lambdaScale: number;
  mu0Scale: number;
  rho: number;
  tol: number;
  maxIter: number;
  /** SVT strategy; both give the same decomposition to within the fast method's tolerance. Default 'fast'. */
  svd?: SvdMethod;
  /** mu is capped at muMaxScale * mu_0 (Lin et al.: 1e7). */
  muMaxScale?: number;
  /** Tuning of the fast SVT. */
  fast?: FastSvtOptions;
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
  const size = m * n;
  if (d.length !== size) throw new Error(`robustPcaIalm: ${d.length} values for ${m} x ${n}`);
  const lowRank = new Float64Array(size);
  const sparse = new Float64Array(size);
  const dNorm = frobeniusNorm(d);
  if (size === 0 || dNorm === 0) return { lowRank, sparse, iterations: 0, converged: true, rank: 0, residual: 0 };

  const lambda = options.lambdaScale / Math.sqrt(Math.max(m, n));
  const norm2 = spectralNorm(d, m, n);
  const dual = Math.max(norm2, maxAbs(d) / lambda);
  const y = new Float64Array(size);
  for (let i = 0; i < size; i++) y[i] = d[i] / dual;
  let mu = options.mu0Scale / norm2;
  const muMax = mu * (options.muMaxScale ?? 1e7);

  const svt = (globalThis as any).__svtOverride ?? (options.svd === 'exact' ? createExactSvt(m, n) : createFastSvt(m, n, options.fast));
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
