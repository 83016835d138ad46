/**
 * Scaling attack: resize by a factor, then resize back to the original size.
 * Matlab equivalent: `J = imresize(imresize(I, s, 'bilinear'), [height width], 'bilinear')`.
 *
 * imresize is reproduced as Matlab computes it (separable, one dimension after the other):
 * - output length ceil(s * n) for a scale factor s; for an explicit output size the scale of
 *   a dimension is out / in;
 * - output pixel x (1-based) maps to input coordinate u = x / s + 0.5 * (1 - 1 / s);
 * - triangle (bilinear) kernel; when s < 1 and antialiasing is on (Matlab's default for
 *   'bilinear'), the kernel is widened to h(x) = s * tri(s * x), support 2 / s;
 * - weights normalised to sum 1 per output pixel;
 * - indices outside the input are mirrored (Matlab's aux = [1:n, n:-1:1]).
 * A constant image stays constant.
 */
import { assertImage, type UnitImage } from './image';

interface Contributions {
  /** per output pixel: P input indices (0-based) */
  indices: Int32Array;
  weights: Float64Array;
  taps: number;
}

function triangle(x: number): number {
  if (x >= -1 && x < 0) return 1 + x;
  if (x >= 0 && x <= 1) return 1 - x;
  return 0;
}

function contributions(inLen: number, outLen: number, scale: number, antialias: boolean): Contributions {
  const shrink = scale < 1 && antialias;
  const kernelWidth = shrink ? 2 / scale : 2;
  const kernel = shrink ? (x: number) => scale * triangle(scale * x) : triangle;
  const taps = Math.ceil(kernelWidth) + 2;
  const indices = new Int32Array(outLen * taps);
  const weights = new Float64Array(outLen * taps);
  const auxLen = 2 * inLen;
  for (let o = 0; o < outLen; o++) {
    const x = o + 1;
    const u = x / scale + 0.5 * (1 - 1 / scale);
    const left = Math.floor(u - kernelWidth / 2);
    let sum = 0;
    for (let p = 0; p < taps; p++) {
      const idx1 = left + p; // 1-based, may be outside 1..inLen
      const wgt = kernel(u - idx1);
      weights[o * taps + p] = wgt;
      sum += wgt;
      // mirror: aux = [1:n, n:-1:1], aux(mod(idx - 1, 2n) + 1)
      const m = (((idx1 - 1) % auxLen) + auxLen) % auxLen;
      indices[o * taps + p] = m < inLen ? m : auxLen - 1 - m;
    }
    for (let p = 0; p < taps; p++) weights[o * taps + p] /= sum;
  }
  return { indices, weights, taps };
}

function resizeRows(src: Float64Array, w: number, h: number, outW: number, c: Contributions): Float64Array {
  const out = new Float64Array(outW * h);
  const { indices, weights, taps } = c;
  for (let y = 0; y < h; y++) {
    const base = y * w;
    for (let o = 0; o < outW; o++) {
      let acc = 0;
      for (let p = 0; p < taps; p++) acc += weights[o * taps + p] * src[base + indices[o * taps + p]];
      out[y * outW + o] = acc;
    }
  }
  return out;
}

function resizeCols(src: Float64Array, w: number, outH: number, c: Contributions): Float64Array {
  const out = new Float64Array(w * outH);
  const { indices, weights, taps } = c;
  for (let o = 0; o < outH; o++) {
    for (let p = 0; p < taps; p++) {
      const wgt = weights[o * taps + p];
      if (wgt === 0) continue;
      const base = indices[o * taps + p] * w;
      for (let x = 0; x < w; x++) out[o * w + x] += wgt * src[base + x];
    }
  }
  return out;
}

export interface ResizeOptions {
  /** Matlab's 'Antialiasing' (default true for bilinear). */
  antialias?: boolean;
}

/**
 * imresize(I, [outH outW], 'bilinear') when `size` is given, imresize(I, s, 'bilinear') when
 * `scale` is a number (output ceil(s * n)).
 */
export function imresize(
  img: UnitImage,
  target: number | { width: number; height: number },
  opts: ResizeOptions = {},
): UnitImage {
  assertImage(img);
  const antialias = opts.antialias ?? true;
  const { width: w, height: h } = img;
  let outW: number, outH: number, sx: number, sy: number;
  if (typeof target === 'number') {
    if (!(target > 0)) throw new RangeError(`scale must be > 0, got ${target}`);
    outW = Math.ceil(target * w);
    outH = Math.ceil(target * h);
    sx = sy = target;
  } else {
    outW = target.width;
    outH = target.height;
    if (!(Number.isInteger(outW) && Number.isInteger(outH) && outW > 0 && outH > 0)) {
      throw new RangeError(`invalid output size ${outW} x ${outH}`);
    }
    sx = outW / w;
    sy = outH / h;
  }
  let cur: Float64Array = Float64Array.from(img.pixels);
  // Matlab resizes the dimension with the smaller scale first (rows = dimension 1 on ties).
  if (sy <= sx) {
    cur = resizeCols(cur, w, outH, contributions(h, outH, sy, antialias));
    cur = resizeRows(cur, w, outH, outW, contributions(w, outW, sx, antialias));
  } else {
    cur = resizeRows(cur, w, h, outW, contributions(w, outW, sx, antialias));
    cur = resizeCols(cur, outW, outH, contributions(h, outH, sy, antialias));
  }
  return { width: outW, height: outH, pixels: Float32Array.from(cur) };
}

/** Resize by `factor` (bilinear, Matlab defaults), then back to the original width x height. */
export function scaleAttack(img: UnitImage, factor: number, opts: ResizeOptions = {}): UnitImage {
  const small = imresize(img, factor, opts);
  return imresize(small, { width: img.width, height: img.height }, opts);
}
