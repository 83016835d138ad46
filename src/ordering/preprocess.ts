/**
 * Slice -> DenseNet input (paper section 4.3, Fig. 5: each medical image is fed
 * to the pre-trained DenseNet to obtain its feature f_i, Eq. 7).
 *
 * The paper does not say how a 12/16-bit single-channel slice is turned into
 * the network's 3-channel input. Our choice (NOTES section 2, step 1); the
 * bundle's OrderingParams.method implies the variant (params.ts
 * preprocessOptionsFor: the default below for 'ascending-distance-to-benchmark',
 * { normalisation: 'equalise', margin: 0.2 } for 'signature-match', see
 * PreprocessOptions and docs/ordering.md):
 *   1. normalise by the slice's own minimum and maximum to [0, 1] (so a global
 *      intensity shift or scaling of the stored values leaves the input
 *      unchanged; a constant slice becomes all zeros);
 *   2. area-resample to inputSize x inputSize (each output pixel is the mean of
 *      the source area it covers, weighted by fractional overlap; for
 *      upsampling an output pixel blends the one or two source pixels it
 *      overlaps, i.e. near-nearest-neighbour). Non-square slices are
 *      stretched to the square;
 *   3. replicate the grey value to R, G and B;
 *   4. standardise with the ImageNet mean and standard deviation that Keras'
 *      DenseNet expects ("torch" preprocessing mode: x/255 then
 *      (x - mean) / std, with x already in [0, 1] here).
 *
 * All of it runs in plain JavaScript in Float64 with a fixed summation order
 * and is rounded to Float32 once at the end, so the input tensor is bit-identical
 * on every machine and every TF.js backend; only the network itself runs on the
 * backend.
 */
import * as tf from '@tensorflow/tfjs';
import type { SliceImage } from '../ingest/types';
import { bilinearAt } from '../util/bilinear';

/** ImageNet channel means (R, G, B) as used by Keras/PyTorch DenseNet preprocessing. */
export const IMAGENET_MEAN: readonly [number, number, number] = [0.485, 0.456, 0.406];
/** ImageNet channel standard deviations (R, G, B). */
export const IMAGENET_STD: readonly [number, number, number] = [0.229, 0.224, 0.225];

/** Identifier of the preprocessing above, for the bundle (OrderingParams.preprocess). */
export const PREPROCESS_ID = 'slice-minmax/area/grey3/imagenet-meanstd';

/** One network input: inputSize x inputSize x 3, row-major, channels last (HWC). */
export interface PreprocessedInput {
  size: number;
  /** length size * size * 3 */
  data: Float32Array;
}

/**
 * Weights of a 1-D area resampling from `src` samples to `dst` samples: output
 * sample o covers the source interval [o * src/dst, (o + 1) * src/dst); each
 * source sample contributes its overlap with that interval divided by the
 * interval length (weights of one output sum to 1).
 */
export function areaWeights(src: number, dst: number): { index: Int32Array; weight: Float64Array; start: Int32Array } {
  if (src < 1 || dst < 1) throw new Error(`area resampling needs positive sizes, got ${src} -> ${dst}`);
  const scale = src / dst;
  const index: number[] = [];
  const weight: number[] = [];
  const start = new Int32Array(dst + 1);
  for (let o = 0; o < dst; o++) {
    start[o] = index.length;
    const a = o * scale;
    const b = (o + 1) * scale;
    const first = Math.floor(a);
    const last = Math.min(src - 1, Math.ceil(b) - 1);
    for (let s = first; s <= last; s++) {
      const overlap = Math.min(b, s + 1) - Math.max(a, s);
      if (overlap > 0) {
        index.push(s);
        weight.push(overlap / scale);
      }
    }
  }
  start[dst] = index.length;
  return { index: Int32Array.from(index), weight: Float64Array.from(weight), start };
}

/**
 * How a slice's values are mapped to [0, 1] before resampling:
 *  - 'minmax' (default, PREPROCESS_ID): by the minimum and maximum;
 *  - 'percentile': by the 1st and 99th percentiles (PERCENTILE_CLIP), values
 *    outside clipped: isolated extreme pixels (salt and pepper, noise outliers)
 *    cannot stretch the range;
 *  - 'equalise': histogram equalisation by mid-ranks: a pixel of value v
 *    becomes (#pixels < v + #pixels <= v) / (2 * #pixels), so tied pixels share
 *    the mean of the ranks they occupy. Any strictly increasing intensity
 *    change (gamma, imadjust, window/level, affine rescaling) leaves it
 *    unchanged; mid-ranks (rather than the CDF #pixels <= v) keep a large tied
 *    background (air = 0) at the mean rank that noise spreads it over, so noise
 *    and JPEG ringing in the background shift the input much less.
 * The statistics are taken over the pixels that are used (inside the margin).
 */
export type Normalisation = 'minmax' | 'percentile' | 'equalise';

/** Fraction clipped at each end by the 'percentile' normalisation. */
export const PERCENTILE_CLIP = 0.01;

export interface PreprocessOptions {
  /** Default 'minmax'. */
  normalisation?: Normalisation;
  /**
   * Fraction of the width (height) left out at the left and right (top and
   * bottom) border before normalising and resampling: round(margin * side)
   * pixels each side, 0 <= margin < 0.5. Default 0 (the whole slice). With
   * 0.2 the central 60 % x 60 % is used, which edge cropping up to 20 % per side
   * (NOTES section 3) and burned-in text near the border do not reach.
   */
  margin?: number;
  /**
   * Degrees to rotate the slice about its centre before the margin is applied
   * (bilinear, the same convention as the rotation attack: positive turns the
   * picture counter-clockwise as displayed; positions outside the slice are
   * left out of the statistics and read as 0). Default 0. Used by a receiver
   * that searches for a global rotation of the series (signature.ts
   * recoverOrderWithRotationSearch). A non-zero rotation uses Math.cos/sin,
   * which engines may round differently in the last bit, so such inputs are
   * not bit-identical across engines (the sender never rotates).
   */
  rotation?: number;
}

/** Identifier of a preprocessing variant (PREPROCESS_ID for the default). */
export function preprocessId(options: PreprocessOptions = {}): string {
  const norm = options.normalisation ?? 'minmax';
  const margin = options.margin ?? 0;
  const rotation = options.rotation ?? 0;
  const head = (rotation !== 0 ? `rotate-${rotation}/` : '') + (margin > 0 ? `margin-${margin}/` : '');
  const n = norm === 'minmax' ? 'slice-minmax' : norm === 'percentile' ? 'slice-p1p99' : 'slice-equalise';
  return `${head}${n}/area/grey3/imagenet-meanstd`;
}

/** The finite values of `pixels`, sorted ascending (Float64). */
function sortedFinite(pixels: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < pixels.length; i++) if (Number.isFinite(pixels[i])) n++;
  const v = new Float64Array(n);
  n = 0;
  for (let i = 0; i < pixels.length; i++) if (Number.isFinite(pixels[i])) v[n++] = pixels[i];
  return v.sort();
}

/** Number of entries of the ascending array `v` that are < x (strict) or <= x. */
function countBelow(v: Float64Array, x: number, orEqual: boolean): number {
  let lo = 0;
  let hi = v.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v[mid] < x || (orEqual && v[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Maps pixels to [0, 1] (non-finite pixels -> 0) as `mode` says. */
function normalise(pixels: Float32Array, mode: Normalisation): Float64Array {
  const out = new Float64Array(pixels.length);
  let lo: number;
  let hi: number;
  if (mode === 'equalise') {
    const v = sortedFinite(pixels);
    if (v.length === 0 || v[0] === v[v.length - 1]) return out; // constant or empty -> zeros
    // Distinct values are few (<= 65536 for 16-bit data): cache the rank per value.
    const cdf = new Map<number, number>();
    for (let i = 0; i < pixels.length; i++) {
      const x = pixels[i];
      if (!Number.isFinite(x)) continue;
      let c = cdf.get(x);
      if (c === undefined) {
        c = (countBelow(v, x, false) + countBelow(v, x, true)) / (2 * v.length);
        cdf.set(x, c);
      }
      out[i] = c;
    }
    return out;
  } else if (mode === 'percentile') {
    const v = sortedFinite(pixels);
    if (v.length === 0) return out;
    lo = v[Math.round(PERCENTILE_CLIP * (v.length - 1))];
    hi = v[Math.round((1 - PERCENTILE_CLIP) * (v.length - 1))];
  } else if (mode === 'minmax') {
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < pixels.length; i++) {
      const x = pixels[i];
      if (!Number.isFinite(x)) continue;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  } else {
    throw new Error(`unknown normalisation '${String(mode)}'`);
  }
  const range = hi - lo;
  if (Number.isFinite(range) && range > 0) {
    for (let i = 0; i < pixels.length; i++) {
      const x = (pixels[i] - lo) / range;
      out[i] = Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
    }
  } // else: constant (or empty / non-finite) slice -> all zeros
  return out;
}

/**
 * The central part of a slice inside `margin` (see PreprocessOptions.margin),
 * optionally of the slice rotated by `rotation` degrees about its centre
 * (PreprocessOptions.rotation; samples outside the slice are NaN).
 */
export function centralRegion(slice: SliceImage, margin: number, rotation = 0): SliceImage {
  if (!(margin >= 0 && margin < 0.5)) throw new Error(`margin must be in [0, 0.5), got ${margin}`);
  if (!Number.isFinite(rotation)) throw new Error(`rotation must be finite, got ${rotation}`);
  if (margin === 0 && rotation === 0) return slice;
  const { width: w, height: h, pixels } = slice;
  let mx = Math.round(margin * w);
  let my = Math.round(margin * h);
  if (w - 2 * mx < 1 || h - 2 * my < 1) mx = my = 0;
  const cw = w - 2 * mx;
  const ch = h - 2 * my;
  const out = new Float32Array(cw * ch);
  if (rotation === 0) {
    for (let y = 0; y < ch; y++) out.set(pixels.subarray((y + my) * w + mx, (y + my) * w + mx + cw), y * cw);
    return { width: cw, height: ch, pixels: out };
  }
  // As rotate() in evaluation/attacks: each output pixel samples the input at the
  // inversely rotated position, bilinear; outside the slice -> NaN (left out).
  const snap = (v: number): number => {
    const r = Math.round(v);
    return Math.abs(v - r) < 1e-9 ? r : v;
  };
  const t = (rotation * Math.PI) / 180;
  const c = snap(Math.cos(t));
  const s = snap(Math.sin(t));
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const at = (px: number, py: number): number => (px < 0 || px >= w || py < 0 || py >= h ? NaN : pixels[py * w + px]);
  for (let y = 0; y < ch; y++) {
    const dy = y + my - cy;
    for (let x = 0; x < cw; x++) {
      const dx = x + mx - cx;
      const xi = snap(cx + c * dx - s * dy);
      const yi = snap(cy + s * dx + c * dy);
      const v = bilinearAt(at, xi, yi);
      out[y * cw + x] = v;
    }
  }
  return { width: cw, height: ch, pixels: out };
}

/**
 * Normalises a slice to [0, 1] (Normalisation; min/max by default) and
 * area-resamples it to size x size, after leaving out the border margin if one
 * is given. Non-finite pixels are ignored for the statistics and count as 0.
 * Returns Float64 values in [0, 1], row-major.
 */
export function normaliseAndResample(slice: SliceImage, size: number, options: PreprocessOptions = {}): Float64Array {
  if (slice.pixels.length !== slice.width * slice.height) {
    throw new Error(`slice has ${slice.pixels.length} pixels, expected ${slice.width} x ${slice.height}`);
  }
  if (!Number.isInteger(size) || size < 1) throw new Error(`inputSize must be a positive integer, got ${size}`);
  const { width: w, height: h, pixels } = centralRegion(slice, options.margin ?? 0, options.rotation ?? 0);
  const norm = normalise(pixels, options.normalisation ?? 'minmax');

  // Separable: rows (x) first, then columns (y), fixed summation order.
  const wx = areaWeights(w, size);
  const wy = areaWeights(h, size);
  const tmp = new Float64Array(h * size);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let ox = 0; ox < size; ox++) {
      let acc = 0;
      for (let k = wx.start[ox]; k < wx.start[ox + 1]; k++) acc += norm[row + wx.index[k]] * wx.weight[k];
      tmp[y * size + ox] = acc;
    }
  }
  const out = new Float64Array(size * size);
  for (let oy = 0; oy < size; oy++) {
    for (let ox = 0; ox < size; ox++) {
      let acc = 0;
      for (let k = wy.start[oy]; k < wy.start[oy + 1]; k++) acc += tmp[wy.index[k] * size + ox] * wy.weight[k];
      out[oy * size + ox] = acc;
    }
  }
  return out;
}

/** Full preprocessing of one slice (steps 1-4 above) into a network input. */
export function preprocessSlice(slice: SliceImage, inputSize: number, options: PreprocessOptions = {}): PreprocessedInput {
  const grey = normaliseAndResample(slice, inputSize, options);
  const data = new Float32Array(inputSize * inputSize * 3);
  for (let i = 0; i < grey.length; i++) {
    const g = grey[i];
    data[3 * i] = (g - IMAGENET_MEAN[0]) / IMAGENET_STD[0];
    data[3 * i + 1] = (g - IMAGENET_MEAN[1]) / IMAGENET_STD[1];
    data[3 * i + 2] = (g - IMAGENET_MEAN[2]) / IMAGENET_STD[2];
  }
  return { size: inputSize, data };
}

/** Packs preprocessed inputs of one size into a [B, size, size, 3] float32 tensor. */
export function buildBatch(inputs: readonly PreprocessedInput[]): tf.Tensor4D {
  if (inputs.length === 0) throw new Error('buildBatch: no inputs');
  const size = inputs[0].size;
  const per = size * size * 3;
  const buf = new Float32Array(inputs.length * per);
  inputs.forEach((inp, b) => {
    if (inp.size !== size || inp.data.length !== per) {
      throw new Error(`buildBatch: input ${b} is ${inp.size}x${inp.size}, expected ${size}x${size}x3`);
    }
    buf.set(inp.data, b * per);
  });
  return tf.tensor4d(buf, [inputs.length, size, size, 3], 'float32');
}
