/**
 * Gamma correction: out = x^gamma on the [0, 1] image (inputs clipped to [0, 1] first).
 * Matlab equivalent: `I .^ gamma` (equivalently `imadjust(I, [0 1], [0 1], gamma)`).
 */
import { mapPixels, type UnitImage } from './image';

export function gammaCorrection(img: UnitImage, gamma: number): UnitImage {
  if (!(gamma > 0)) throw new RangeError(`gamma must be > 0, got ${gamma}`);
  return mapPixels(img, (v) => Math.pow(v < 0 ? 0 : v > 1 ? 1 : v, gamma));
}
