/**
 * Bilinear interpolation at a real position (xi, yi) from a pixel accessor that decides what
 * lies outside the image (0 for the rotation attack, NaN for the ordering's crop). Weights of
 * zero are skipped, so an exact pixel position reads exactly that pixel (no 0 * NaN).
 */
export function bilinearAt(at: (x: number, y: number) => number, xi: number, yi: number): number {
  const x0 = Math.floor(xi);
  const y0 = Math.floor(yi);
  const fx = xi - x0;
  const fy = yi - y0;
  let v = (1 - fx) * (1 - fy) * at(x0, y0);
  if (fx > 0) v += fx * (1 - fy) * at(x0 + 1, y0);
  if (fy > 0) v += (1 - fx) * fy * at(x0, y0 + 1);
  if (fx > 0 && fy > 0) v += fx * fy * at(x0 + 1, y0 + 1);
  return v;
}
