/**
 * JPEG compression. Matlab equivalent: `imwrite(I, f, 'jpg', 'Quality', q); J = im2double(imread(f))`.
 *
 * The [0, 1] image is quantised to 8 bits as im2uint8 does (round(255 * x), clipped), encoded
 * by jpeg-js (baseline, IJG quality scaling: q < 50 -> 5000 / q %, else 200 - 2q %, of the
 * Annex K tables) and decoded again; the result is the decoded 8-bit value / 255.
 * jpeg-js always writes YCbCr; a grey pixel (R = G = B = v) gives Y = v exactly and
 * Cb = Cr = 128 (its fixed-point weights sum to 65536), so the chroma planes are constant,
 * quantise to zero AC/DC residuals and decode back to R = G = B: the luminance plane is coded
 * with the luminance table, as for Matlab's single-component grey JPEG.
 */
import * as jpegJs from 'jpeg-js';
import { assertImage, type UnitImage } from './image';

type BufferShim = { from(a: ArrayLike<number>): Uint8Array };

/**
 * jpeg-js's encoder ends with `Buffer.from(bytes)` whenever a CommonJS `module` object exists,
 * which is the case inside a bundler's CJS wrapper in the browser, where Buffer does not exist.
 * For the duration of the synchronous call only, a minimal Buffer.from is provided when none
 * is defined, and removed afterwards.
 */
function encodeWithShim(rgba: Uint8Array, width: number, height: number, quality: number): Uint8Array {
  const g = globalThis as unknown as { Buffer?: BufferShim };
  const installed = typeof g.Buffer === 'undefined';
  if (installed) g.Buffer = { from: (a: ArrayLike<number>) => Uint8Array.from(a) };
  try {
    const res = jpegJs.encode({ data: rgba, width, height }, quality);
    return new Uint8Array(res.data.buffer, res.data.byteOffset, res.data.byteLength);
  } finally {
    if (installed) delete g.Buffer;
  }
}

/** Encode the 8-bit quantised image as JPEG bytes (exposed for tests and size reports). */
export function encodeJpeg(img: UnitImage, quality: number): Uint8Array {
  assertImage(img);
  if (!(quality >= 1 && quality <= 100)) throw new RangeError(`quality must be in [1, 100], got ${quality}`);
  const { width: w, height: h, pixels } = img;
  const rgba = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) {
    const v = pixels[i];
    const q = v <= 0 ? 0 : v >= 1 ? 255 : Math.round(v * 255);
    rgba[4 * i] = q;
    rgba[4 * i + 1] = q;
    rgba[4 * i + 2] = q;
    rgba[4 * i + 3] = 255;
  }
  return encodeWithShim(rgba, w, h, quality);
}

export function jpegCompress(img: UnitImage, quality: number): UnitImage {
  const bytes = encodeJpeg(img, quality);
  const dec = jpegJs.decode(bytes, { useTArray: true, formatAsRGBA: true });
  if (dec.width !== img.width || dec.height !== img.height) {
    throw new Error(`JPEG round trip changed the size to ${dec.width} x ${dec.height}`);
  }
  const out = new Float32Array(img.width * img.height);
  for (let i = 0; i < out.length; i++) out[i] = dec.data[4 * i] / 255;
  return { width: img.width, height: img.height, pixels: out };
}
