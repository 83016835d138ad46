/**
 * Multiplicative (speckle) noise. Matlab equivalent: `imnoise(I, 'speckle', v)`, which computes
 * `b = a + sqrt(12 * v) * a .* (rand(size(a)) - 0.5)`, i.e. x + x * n with n uniform on
 * [-sqrt(3v), sqrt(3v)] (mean 0, variance v), clipped to [0, 1].
 */
import type { Rng } from '../../util/random';
import { clip01, mapPixels, type UnitImage } from './image';

export function speckleNoise(img: UnitImage, variance: number, rng: Rng): UnitImage {
  if (!(variance >= 0)) throw new RangeError(`variance must be >= 0, got ${variance}`);
  const s = Math.sqrt(12 * variance);
  return mapPixels(img, (v) => clip01(v + s * v * (rng.next() - 0.5)));
}
