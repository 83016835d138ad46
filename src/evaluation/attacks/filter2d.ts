/**
 * 2-D linear filtering, the equivalent of Matlab's `imfilter(A, h)` with its defaults:
 * correlation (not convolution; identical for the symmetric kernels used here), output the
 * same size as the input ('same'), and zero padding (imfilter's default boundary option is
 * the constant X = 0, NOT 'replicate'). With zero padding the border pixels of a filtered
 * image are darkened; this is what the paper's Matlab code would have produced with
 * `imfilter(I, fspecial(...))`. 'replicate' and 'symmetric' are offered for experiments.
 *
 * out(y, x) = sum_{i, j} h(i, j) * A(y + i - cy, x + j - cx),  cy = floor(kh / 2), cx = floor(kw / 2)
 * (Matlab's centre of a kernel of size k is floor((k + 1) / 2), 1-based.)
 */
import { assertImage, type UnitImage } from './image';

export type Padding = 'zero' | 'replicate' | 'symmetric';

export interface Kernel2D {
  width: number;
  height: number;
  /** row-major, length width * height */
  values: Float64Array;
}

function resolveIndex(i: number, n: number, padding: Padding): number {
  if (i >= 0 && i < n) return i;
  if (padding === 'zero') return -1;
  if (padding === 'replicate') return i < 0 ? 0 : n - 1;
  // symmetric: mirror including the edge pixel (Matlab padarray 'symmetric')
  const period = 2 * n;
  let m = ((i % period) + period) % period;
  if (m >= n) m = period - 1 - m;
  return m;
}

/** Correlate img with kernel, same-size output (imfilter semantics, see module doc). */
export function imfilter(img: UnitImage, kernel: Kernel2D, padding: Padding = 'zero'): UnitImage {
  assertImage(img);
  const { width: w, height: h, pixels: src } = img;
  const { width: kw, height: kh, values: kv } = kernel;
  if (kv.length !== kw * kh) throw new RangeError('kernel values length mismatch');
  const cx = Math.floor(kw / 2);
  const cy = Math.floor(kh / 2);
  const out = new Float32Array(w * h);
  // Precompute column indices per (x, j) to keep the inner loop simple.
  const colIdx = new Int32Array(w * kw);
  for (let x = 0; x < w; x++) {
    for (let j = 0; j < kw; j++) colIdx[x * kw + j] = resolveIndex(x + j - cx, w, padding);
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let acc = 0;
      for (let i = 0; i < kh; i++) {
        const yy = resolveIndex(y + i - cy, h, padding);
        if (yy < 0) continue;
        const rowBase = yy * w;
        const kBase = i * kw;
        for (let j = 0; j < kw; j++) {
          const xx = colIdx[x * kw + j];
          if (xx < 0) continue;
          acc += kv[kBase + j] * src[rowBase + xx];
        }
      }
      out[y * w + x] = acc;
    }
  }
  return { width: w, height: h, pixels: out };
}
