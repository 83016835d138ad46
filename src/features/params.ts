/**
 * Parameters of the per-slice feature pipeline (paper 4.4-4.7, NOTES step 2-6).
 * Every value is recorded in the index bundle so that the receiver runs exactly
 * the same computation as the sender.
 */
export interface FeatureParams {
  /** Side of the square working resolution for low-rank + LBP (area resampling); 0 = native size. */
  workSize: number;
  /** Connected components smaller than this fraction of the slice area are removed (h_a). */
  roiMinAreaFraction: number;
  /** Median filter window side (3 = 3 x 3). */
  medianSize: number;
  /** IALM (Lin, Chen, Ma 2009): lambda = lambdaScale / sqrt(max(m, n)). */
  ialmLambdaScale: number;
  /** mu_0 = ialmMu0Scale / ||D||_2 */
  ialmMu0Scale: number;
  ialmRho: number;
  ialmTol: number;
  ialmMaxIter: number;
  /**
   * Where the LBP reads the low-rank part M (NOTES step 4-5, docs/performance.md):
   * - 'none': everywhere, as the paper's Algorithm 2 reads it;
   * - 'roi': only where the working image D is non-zero; M is set to 0 elsewhere (outside the ROI
   *   after median filtering and resampling). There, D = 0 and M is the IALM's leftover of the
   *   order of its tolerance (1e-9 at tol 1e-7): LBP codes of that residue follow the solver's
   *   path, not the image. On vs-seg-mr they changed 8 % of the hash bits between tol 1e-7 and
   *   1e-5, and masking them raised bit and block accuracy under the five attacks measured
   *   (docs/performance.md).
   */
  lowRankMask: 'none' | 'roi';
  /** LBP neighbour test: 'ge' means s = 1 when neighbour >= centre. */
  lbpCompare: 'ge' | 'gt';
}

export const DEFAULT_FEATURE_PARAMS: FeatureParams = {
  workSize: 128,
  roiMinAreaFraction: 0.005,
  medianSize: 3,
  ialmLambdaScale: 1,
  ialmMu0Scale: 1.25,
  ialmRho: 1.5,
  ialmTol: 1e-5,
  ialmMaxIter: 500,
  lowRankMask: 'roi',
  lbpCompare: 'ge',
};

/** Rows of the LBP feature matrix L for one slice: 4 blocks x 9 cell sums (Algorithm 2). */
export type SliceLbpRows = number[][]; // 4 arrays of 9 numbers
