/**
 * Edge cropping (image size kept). Matlab equivalent:
 *   I(1:bh, :) = 0; I(end-bh+1:end, :) = 0; I(:, 1:bw) = 0; I(:, end-bw+1:end) = 0;
 * with bw = round(f * width) and bh = round(f * height): a band of depth f times the side
 * length is zeroed on EACH of the four sides (NOTES section 3: "a border band of that fraction
 * of each side set to 0"). With f = 0.2 on 512 x 512 the 102 outermost rows and columns on
 * every side are zeroed, leaving the central 308 x 308. (Reading f as the total fraction split
 * over two sides would be f/2 per side; that is not what is implemented.)
 */
import { mapPixels, type UnitImage } from './image';

/** Band depth in pixels for a side of length n. */
export function cropBand(n: number, fraction: number): number {
  return Math.min(n, Math.round(fraction * n));
}

export function edgeCrop(img: UnitImage, fraction: number): UnitImage {
  if (!(fraction >= 0 && fraction <= 0.5)) throw new RangeError(`fraction must be in [0, 0.5], got ${fraction}`);
  const { width: w, height: h } = img;
  const bw = cropBand(w, fraction);
  const bh = cropBand(h, fraction);
  return mapPixels(img, (v, i) => {
    const y = Math.floor(i / w);
    const x = i - y * w;
    return x < bw || x >= w - bw || y < bh || y >= h - bh ? 0 : v;
  });
}
