/**
 * Intensity adjustment. Matlab equivalent: `imadjust(I, [low_in high_in], [low_out high_out], gamma)`:
 *   out = low_out + (high_out - low_out) * ((clip(I, low_in, high_in) - low_in) / (high_in - low_in))^gamma
 * The paper's "intensity adjust, gamma = 0.5 / 0.7 / 1.3" uses the defaults
 * [low_in high_in] = [low_out high_out] = [0 1] (`imadjust(I, [], [], gamma)`), so with the
 * defaults out = I^gamma, which is the same mapping as gammaCorrection (the two families of the
 * paper's Table 1 differ only by their gamma values). Matlab's `imadjust(I)` without limits
 * would instead use stretchlim (1 % saturation); that is NOT what is implemented here.
 */
import { mapPixels, type UnitImage } from './image';

export interface ImadjustOptions {
  lowIn?: number;
  highIn?: number;
  lowOut?: number;
  highOut?: number;
  gamma?: number;
}

export function imadjust(img: UnitImage, opts: ImadjustOptions = {}): UnitImage {
  const lowIn = opts.lowIn ?? 0;
  const highIn = opts.highIn ?? 1;
  const lowOut = opts.lowOut ?? 0;
  const highOut = opts.highOut ?? 1;
  const gamma = opts.gamma ?? 1;
  if (!(highIn > lowIn)) throw new RangeError('imadjust: highIn must be > lowIn');
  if (!(gamma > 0)) throw new RangeError(`imadjust: gamma must be > 0, got ${gamma}`);
  const span = highIn - lowIn;
  return mapPixels(img, (v) => {
    const c = v < lowIn ? lowIn : v > highIn ? highIn : v;
    return lowOut + (highOut - lowOut) * Math.pow((c - lowIn) / span, gamma);
  });
}
