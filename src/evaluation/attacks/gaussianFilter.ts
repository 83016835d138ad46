/**
 * k x k Gaussian low-pass filter. Matlab equivalent:
 * `imfilter(I, fspecial('gaussian', k, sigma))` with sigma = 0.5 (fspecial's default) and
 * imfilter's default zero padding (see filter2d.ts).
 *
 * fspecial('gaussian', k, s): h(x, y) = exp(-(x^2 + y^2) / (2 s^2)) for x, y in
 * -(k-1)/2 .. (k-1)/2; entries below eps * max(h) are set to 0; h is divided by its sum.
 * For k = 3, s = 0.5: centre 0.6193, edge 0.0838, corner 0.0113.
 */
import { imfilter, type Kernel2D, type Padding } from './filter2d';
import { assertOddSize, type UnitImage } from './image';

export function gaussianKernel(k: number, sigma = 0.5): Kernel2D {
  assertOddSize(k, 'gaussianKernel');
  if (!(sigma > 0)) throw new RangeError(`sigma must be > 0, got ${sigma}`);
  const r = (k - 1) / 2;
  const values = new Float64Array(k * k);
  let max = 0;
  for (let y = -r; y <= r; y++) {
    for (let x = -r; x <= r; x++) {
      const v = Math.exp(-(x * x + y * y) / (2 * sigma * sigma));
      values[(y + r) * k + (x + r)] = v;
      if (v > max) max = v;
    }
  }
  const cut = Number.EPSILON * max;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < cut) values[i] = 0;
    sum += values[i];
  }
  for (let i = 0; i < values.length; i++) values[i] /= sum;
  return { width: k, height: k, values };
}

export function gaussianFilter(img: UnitImage, k: number, sigma = 0.5, padding: Padding = 'zero'): UnitImage {
  return imfilter(img, gaussianKernel(k, sigma), padding);
}
