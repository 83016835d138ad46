/**
 * k x k median filter. Matlab equivalent: `medfilt2(I, [k k])` with its default padding
 * 'zeros': pixels outside the image count as 0 in the window, so the border of a bright image
 * darkens (a corner pixel of a 3 x 3 window sees 4 image pixels and 5 zeros). k must be odd;
 * the output is the middle element ((k*k + 1)/2-th smallest) of the k*k window values.
 * The filter itself is the pipeline's (src/features/median.ts), with zero padding.
 */
import { medianFilter as medianFilterCore } from '../../features/median';
import { assertImage, assertOddSize, type UnitImage } from './image';

export function medianFilter(img: UnitImage, k: number): UnitImage {
  assertImage(img);
  assertOddSize(k, 'medianFilter');
  const { width, height, pixels } = img;
  return { width, height, pixels: medianFilterCore(pixels, width, height, k, undefined, 'zero') };
}
