import type { SliceImage } from '../../../src/ingest/types';

export function img(width: number, height: number, f: (x: number, y: number) => number): SliceImage {
  const pixels = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels[y * width + x] = f(x, y);
  return { width, height, pixels };
}

export function at(im: SliceImage, x: number, y: number): number {
  return im.pixels[y * im.width + x];
}

export function meanVar(a: ArrayLike<number>): { mean: number; variance: number } {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  const mean = s / a.length;
  let v = 0;
  for (let i = 0; i < a.length; i++) v += (a[i] - mean) ** 2;
  return { mean, variance: v / a.length };
}
