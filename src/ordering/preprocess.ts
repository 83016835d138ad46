/**
 * Slice -> DenseNet input (paper section 4.3, Fig. 5: each medical image is fed
 * to the pre-trained DenseNet to obtain its feature f_i, Eq. 7).
 *
 * The paper does not say how a 12/16-bit single-channel slice is turned into
 * the network's 3-channel input. Our choice (NOTES section 2, step 1), recorded
 * in OrderingParams.preprocess:
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
 *  - 'minmax' (default, PREPROCESS_ID): by the slice's own minimum and maximum;
 *  - 'percentile': by its 1st and 99th percentiles (PERCENTILE_CLIP), values
 *    outside clipped (PREPROCESS_ID_PERCENTILE). Isolated extreme pixels (salt
 *    and pepper, noise outliers) then cannot stretch the range. Measured in
 *    docs/ordering.md: on the real MR series it does not make the ordering more
 *    robust than min/max, so min/max stays the default.
 */
export type Normalisation = 'minmax' | 'percentile';

/** Fraction clipped at each end by the 'percentile' normalisation. */
export const PERCENTILE_CLIP = 0.01;

/** Identifier of the 'percentile' variant of the preprocessing. */
export const PREPROCESS_ID_PERCENTILE = 'slice-p1p99/area/grey3/imagenet-meanstd';

function normalisationRange(pixels: Float32Array, mode: Normalisation): [number, number] {
  if (mode === 'percentile') {
    // One sort for both ends.
    let n = 0;
    for (let i = 0; i < pixels.length; i++) if (Number.isFinite(pixels[i])) n++;
    if (n === 0) return [NaN, NaN];
    const v = new Float64Array(n);
    n = 0;
    for (let i = 0; i < pixels.length; i++) if (Number.isFinite(pixels[i])) v[n++] = pixels[i];
    v.sort();
    return [v[Math.round(PERCENTILE_CLIP * (n - 1))], v[Math.round((1 - PERCENTILE_CLIP) * (n - 1))]];
  }
  if (mode !== 'minmax') throw new Error(`unknown normalisation '${String(mode)}'`);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/**
 * Normalises a slice to [0, 1] (by its min/max, or its 1st/99th percentiles
 * with clipping, see Normalisation) and area-resamples it to size x size.
 * Non-finite pixels are ignored for the range and count as 0 (the minimum).
 * Returns Float64 values in [0, 1], row-major.
 */
export function normaliseAndResample(slice: SliceImage, size: number, normalisation: Normalisation = 'minmax'): Float64Array {
  const { width: w, height: h, pixels } = slice;
  if (pixels.length !== w * h) throw new Error(`slice has ${pixels.length} pixels, expected ${w} x ${h}`);
  if (!Number.isInteger(size) || size < 1) throw new Error(`inputSize must be a positive integer, got ${size}`);
  const [lo, hi] = normalisationRange(pixels, normalisation);
  const range = hi - lo;
  const norm = new Float64Array(w * h);
  if (Number.isFinite(range) && range > 0) {
    for (let i = 0; i < pixels.length; i++) {
      const v = (pixels[i] - lo) / range;
      norm[i] = Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
    }
  } // else: constant (or empty / non-finite) slice -> all zeros

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
export function preprocessSlice(slice: SliceImage, inputSize: number, normalisation: Normalisation = 'minmax'): PreprocessedInput {
  const grey = normaliseAndResample(slice, inputSize, normalisation);
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
