/**
 * k x k mean (box) filter. Matlab equivalent: `imfilter(I, fspecial('average', k))`, with
 * imfilter's default zero padding (see filter2d.ts): every output pixel is the sum of the
 * k*k window divided by k*k, pixels outside the image counting as 0, so the border darkens.
 * Pass padding 'replicate' to study the alternative.
 */
import { imfilter, type Kernel2D, type Padding } from './filter2d';
import { assertOddSize, type UnitImage } from './image';

/** fspecial('average', k): a k x k kernel of 1/k^2. */
export function averageKernel(k: number): Kernel2D {
  assertOddSize(k, 'averageKernel');
  return { width: k, height: k, values: new Float64Array(k * k).fill(1 / (k * k)) };
}

export function meanFilter(img: UnitImage, k: number, padding: Padding = 'zero'): UnitImage {
  return imfilter(img, averageKernel(k), padding);
}
