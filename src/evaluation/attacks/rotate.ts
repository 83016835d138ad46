/**
 * Rotation about the image centre. Matlab equivalent: `imrotate(I, angle, 'bilinear', 'crop')`:
 * positive angles turn the picture counter-clockwise as displayed (row 0 at the top), the
 * output keeps the input size, the centre is ((width-1)/2, (height-1)/2) in 0-based pixel
 * coordinates, each output pixel samples the input at the inversely rotated position by
 * bilinear interpolation, and positions outside the input read as 0 (the corners become 0 and
 * pixels straddling the edge are blended with 0, like imrotate's zero fill).
 * Multiples of 90 degrees are exact pixel permutations on square images (cos/sin snapped).
 */
import { assertImage, type UnitImage } from './image';
import { bilinearAt } from '../../util/bilinear';

function snap(v: number): number {
  const r = Math.round(v);
  return Math.abs(v - r) < 1e-12 ? r : v;
}

export function rotate(img: UnitImage, degrees: number): UnitImage {
  assertImage(img);
  const { width: w, height: h, pixels: src } = img;
  const t = (degrees * Math.PI) / 180;
  const c = snap(Math.cos(t));
  const s = snap(Math.sin(t));
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const out = new Float32Array(w * h);
  const at = (x: number, y: number): number => (x < 0 || x >= w || y < 0 || y >= h ? 0 : src[y * w + x]);
  for (let yo = 0; yo < h; yo++) {
    const dy = yo - cy;
    for (let xo = 0; xo < w; xo++) {
      const dx = xo - cx;
      // inverse of the displayed-CCW rotation (y axis pointing down)
      const xi = snap(cx + c * dx - s * dy);
      const yi = snap(cy + s * dx + c * dy);
      const v = bilinearAt(at, xi, yi);
      out[yo * w + xo] = v;
    }
  }
  return { width: w, height: h, pixels: out };
}
