/**
 * k x k median filter. Matlab equivalent: `medfilt2(I, [k k])` with its default padding
 * 'zeros': pixels outside the image count as 0 in the window, so the border of a bright image
 * darkens (a corner pixel of a 3 x 3 window sees 4 image pixels and 5 zeros). k must be odd;
 * the output is the middle element ((k*k + 1)/2-th smallest) of the k*k window values.
 */
import { assertImage, assertOddSize, type UnitImage } from './image';

/** In-place selection of the m-th smallest (0-based) of buf[0..n) (Hoare quickselect). */
function select(buf: Float64Array, n: number, m: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = buf[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (buf[i] < pivot) i++;
      while (buf[j] > pivot) j--;
      if (i <= j) {
        const t = buf[i];
        buf[i] = buf[j];
        buf[j] = t;
        i++;
        j--;
      }
    }
    if (m <= j) hi = j;
    else if (m >= i) lo = i;
    else return buf[m];
  }
  return buf[m];
}

export function medianFilter(img: UnitImage, k: number): UnitImage {
  assertImage(img);
  assertOddSize(k, 'medianFilter');
  const { width: w, height: h, pixels: src } = img;
  const r = (k - 1) / 2;
  const n = k * k;
  const mid = (n - 1) / 2;
  const buf = new Float64Array(n);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let c = 0;
      for (let dy = -r; dy <= r; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) {
          for (let dx = -r; dx <= r; dx++) buf[c++] = 0;
          continue;
        }
        const base = yy * w;
        for (let dx = -r; dx <= r; dx++) {
          const xx = x + dx;
          buf[c++] = xx < 0 || xx >= w ? 0 : src[base + xx];
        }
      }
      out[y * w + x] = select(buf, n, mid);
    }
  }
  return { width: w, height: h, pixels: out };
}
