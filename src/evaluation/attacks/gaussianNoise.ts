/**
 * Additive Gaussian noise. Matlab equivalent: `imnoise(I, 'gaussian', m, v)`, which computes
 * `b = a + sqrt(v) * randn(size(a)) + m` and clips the result to [0, 1].
 * The paper's table writes "sigma = 0.01" but, following NOTES section 3, the number is
 * imnoise's VARIANCE v (imnoise's second argument), not a standard deviation.
 */
import type { Rng } from '../../util/random';
import { clip01, mapPixels, type UnitImage } from './image';

export function gaussianNoise(img: UnitImage, variance: number, rng: Rng, mean = 0): UnitImage {
  if (!(variance >= 0)) throw new RangeError(`variance must be >= 0, got ${variance}`);
  const sd = Math.sqrt(variance);
  return mapPixels(img, (v) => clip01(v + sd * rng.normal() + mean));
}
