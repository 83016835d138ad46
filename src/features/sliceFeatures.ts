/**
 * Per-slice feature pipeline (paper sections 4.4-4.6; NOTES section 2, steps 2-5):
 *
 *   modality values -> [0, 1] by the slice's min/max (normalise.ts)
 *   -> ROI: Otsu threshold, small 8-connected areas removed, I ⊙ I'_s (roi.ts, Eq. 10-11),
 *      at native resolution so that h_a is measured on the pixels the paper means
 *   -> k x k median filter (median.ts)
 *   -> area resampling to workSize x workSize, 0 = native (resample.ts)
 *   -> low-rank part M by robust PCA / IALM (ialm.ts, Eq. 12-13, Algorithm 1), set to 0 where the
 *      working image is 0 when params.lowRankMask is 'roi' (see params.ts)
 *   -> 4 x 9 LBP feature rows (lbp.ts, Algorithm 2).
 *
 * One slice at a time: the native-size buffers live in a workspace reused from one call to the
 * next (a worker processing a series allocates them once).
 */
import type { SliceImage } from '../ingest/types';
import { robustPcaIalm } from './ialm';
import { lbpFeatureRows } from './lbp';
import { medianFilter } from './median';
import { normaliseMinMax } from './normalise';
import type { FeatureParams, SliceLbpRows } from './params';
import { resampleArea } from './resample';
import { applyRoi, roiMask } from './roi';
import type { SvdMethod } from './svt';

/** Native-resolution buffers, grown on demand and reused across slices. */
export class FeatureWorkspace {
  private normalised = new Float32Array(0);
  private filtered = new Float32Array(0);

  buffers(size: number): { normalised: Float32Array; filtered: Float32Array } {
    if (this.normalised.length !== size) {
      this.normalised = new Float32Array(size);
      this.filtered = new Float32Array(size);
    }
    return { normalised: this.normalised, filtered: this.filtered };
  }
}

const sharedWorkspace = new FeatureWorkspace();

export interface SliceFeatureOptions {
  /** SVT eigensolver of the IALM step; 'fast' (default) and 'exact' give the same rows. */
  svd?: SvdMethod;
  /** Buffers to reuse; by default one shared by all calls of this module instance. */
  workspace?: FeatureWorkspace;
}

export interface SliceFeatures {
  rows: SliceLbpRows;
  /** Otsu's h_g on the [0, 1] scale. */
  roiThreshold: number;
  /** Fraction of the slice kept by the ROI mask. */
  roiFraction: number;
  /** Size of the matrix decomposed by IALM. */
  workWidth: number;
  workHeight: number;
  ialm: { iterations: number; converged: boolean; rank: number; residual: number };
}

/** The whole per-slice pipeline with its diagnostics. */
export function computeSliceFeatures(slice: SliceImage, params: FeatureParams, options: SliceFeatureOptions = {}): SliceFeatures {
  const { width, height, pixels } = slice;
  const size = width * height;
  if (pixels.length !== size) throw new Error(`slice has ${pixels.length} pixels for ${width} x ${height}`);
  const { normalised, filtered } = (options.workspace ?? sharedWorkspace).buffers(size);

  normaliseMinMax(pixels, normalised);
  const roi = roiMask(normalised, width, height, params.roiMinAreaFraction);
  applyRoi(normalised, roi.mask, normalised);
  let roiPixels = 0;
  for (let i = 0; i < size; i++) roiPixels += roi.mask[i];

  medianFilter(normalised, width, height, params.medianSize, filtered);

  const workWidth = params.workSize > 0 ? params.workSize : width;
  const workHeight = params.workSize > 0 ? params.workSize : height;
  const work = resampleArea(filtered, width, height, workWidth, workHeight);

  const decomposition = robustPcaIalm(work, workHeight, workWidth, {
    lambdaScale: params.ialmLambdaScale,
    mu0Scale: params.ialmMu0Scale,
    rho: params.ialmRho,
    tol: params.ialmTol,
    maxIter: params.ialmMaxIter,
    svd: options.svd ?? 'fast',
  });

  const lowRank = decomposition.lowRank;
  if (params.lowRankMask === 'roi') {
    for (let i = 0; i < lowRank.length; i++) if (work[i] === 0) lowRank[i] = 0;
  }

  return {
    rows: lbpFeatureRows(lowRank, workWidth, workHeight, params.lbpCompare),
    roiThreshold: roi.threshold,
    roiFraction: size > 0 ? roiPixels / size : 0,
    workWidth,
    workHeight,
    ialm: {
      iterations: decomposition.iterations,
      converged: decomposition.converged,
      rank: decomposition.rank,
      residual: decomposition.residual,
    },
  };
}

/** The 4 x 9 LBP rows of one slice (NOTES section 2, steps 2-5). */
export function sliceLbpRows(slice: SliceImage, params: FeatureParams, options?: SliceFeatureOptions): SliceLbpRows {
  return computeSliceFeatures(slice, params, options).rows;
}
