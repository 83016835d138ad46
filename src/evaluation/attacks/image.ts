/**
 * Shared helpers for the attack modules.
 *
 * Every attack works on a {@link UnitImage}: a {@link SliceImage} whose pixels lie in
 * [0, 1], as Matlab's imnoise / imfilter / imadjust see a double image. Attacks never
 * mutate their input; they return a new image of the same width and height.
 * Intermediate arithmetic is in double precision (as Matlab's), the result is stored
 * as Float32Array.
 */
import type { SliceImage } from '../../ingest/types';

/** A slice whose pixel values lie in [0, 1] (row-major, width x height). */
export type UnitImage = SliceImage;

export function assertImage(img: UnitImage): void {
  const { width, height, pixels } = img;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`invalid image size ${width} x ${height}`);
  }
  if (pixels.length !== width * height) {
    throw new RangeError(`pixel buffer has ${pixels.length} values, expected ${width * height}`);
  }
}

/** Clamp to [0, 1] (Matlab's imnoise clips its double output this way). */
export function clip01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** A new image of the same size with pixels[i] = f(pixels[i], i). */
export function mapPixels(img: UnitImage, f: (v: number, i: number) => number): UnitImage {
  assertImage(img);
  const src = img.pixels;
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = f(src[i], i);
  return { width: img.width, height: img.height, pixels: out };
}

export function assertOddSize(k: number, what: string): void {
  if (!Number.isInteger(k) || k < 1 || k % 2 === 0) {
    throw new RangeError(`${what}: window size must be a positive odd integer, got ${k}`);
  }
}
