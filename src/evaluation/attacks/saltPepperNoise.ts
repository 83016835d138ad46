/**
 * Salt and pepper noise. Matlab equivalent: `imnoise(I, 'salt & pepper', d)`, which draws
 * x = rand(size(a)) and sets b(x < d/2) = 0 and b(d/2 <= x < d) = 1. Each pixel is hit
 * independently with probability d (so the fraction of affected pixels is d in expectation,
 * not exactly), half of the hits black and half white in expectation.
 */
import type { Rng } from '../../util/random';
import { mapPixels, type UnitImage } from './image';

export function saltPepperNoise(img: UnitImage, density: number, rng: Rng): UnitImage {
  if (!(density >= 0 && density <= 1)) throw new RangeError(`density must be in [0, 1], got ${density}`);
  const half = density / 2;
  return mapPixels(img, (v) => {
    const x = rng.next();
    if (x < half) return 0;
    if (x < density) return 1;
    return v;
  });
}
