import { describe, expect, it } from 'vitest';
import { meanFilter } from '../../../src/evaluation/attacks/meanFilter';
import { medianFilter } from '../../../src/evaluation/attacks/medianFilter';
import { gaussianFilter, gaussianKernel } from '../../../src/evaluation/attacks/gaussianFilter';
import { createRng } from '../../../src/util/random';
import { at, img } from './helpers';

// 4 x 4 patch, value (y*4 + x + 1) / 16, i.e. 1..16 over 16
const patch = img(4, 4, (x, y) => (y * 4 + x + 1) / 16);

describe('mean filter (imfilter + fspecial average, zero padding)', () => {
  it('3x3 interior pixel is the window mean', () => {
    const out = meanFilter(patch, 3);
    // window of (1,1): 1 2 3 / 5 6 7 / 9 10 11 -> sum 54
    expect(at(out, 1, 1)).toBeCloseTo(54 / 9 / 16, 6);
    // window of (2,2): 6 7 8 / 10 11 12 / 14 15 16 -> sum 99
    expect(at(out, 2, 2)).toBeCloseTo(99 / 9 / 16, 6);
  });
  it('3x3 border pixels count outside pixels as 0 (divided by 9, not by the in-image count)', () => {
    const out = meanFilter(patch, 3);
    expect(at(out, 0, 0)).toBeCloseTo((1 + 2 + 5 + 6) / 9 / 16, 6); // corner
    expect(at(out, 1, 0)).toBeCloseTo((1 + 2 + 3 + 5 + 6 + 7) / 9 / 16, 6); // top edge
    expect(at(out, 3, 3)).toBeCloseTo((11 + 12 + 15 + 16) / 9 / 16, 6);
  });
  it('replicate padding option differs at the corner', () => {
    const out = meanFilter(patch, 3, 'replicate');
    expect(at(out, 0, 0)).toBeCloseTo((4 * 1 + 2 * 2 + 2 * 5 + 6) / 9 / 16, 6);
  });
  it('5x5 centre of a constant image is the constant, corner is 9/25 of it', () => {
    const c = img(9, 9, () => 0.8);
    const out = meanFilter(c, 5);
    expect(at(out, 4, 4)).toBeCloseTo(0.8, 6);
    expect(at(out, 0, 0)).toBeCloseTo((0.8 * 9) / 25, 6);
  });
});

describe('median filter (medfilt2, zero padding)', () => {
  const p3 = img(3, 3, (x, y) => (y * 3 + x + 1) / 10);
  it('centre of 1..9 is 5', () => {
    expect(at(medianFilter(p3, 3), 1, 1)).toBeCloseTo(0.5, 6);
  });
  it('corner sees 4 pixels and 5 zeros -> 0; edge sees 6 pixels and 3 zeros -> 5th smallest', () => {
    const out = medianFilter(p3, 3);
    expect(at(out, 0, 0)).toBe(0);
    // (1,0): 1 2 3 4 5 6 and three zeros -> sorted 0 0 0 1 2 3 4 5 6 -> 2
    expect(at(out, 1, 0)).toBeCloseTo(0.2, 6);
    // (1,2): 4..9 and three zeros -> 0 0 0 4 5 6 7 8 9 -> 5
    expect(at(out, 1, 2)).toBeCloseTo(0.5, 6);
  });
  it('removes an isolated impulse', () => {
    const im = img(7, 7, (x, y) => (x === 3 && y === 3 ? 1 : 0.4));
    const out = medianFilter(im, 3);
    expect(at(out, 3, 3)).toBeCloseTo(0.4, 6);
  });
  it('matches a brute-force sorted median on random data (k = 3, 5, 7)', () => {
    const rng = createRng(7);
    const im = img(13, 11, () => Math.round(rng.next() * 20) / 20); // many ties
    for (const k of [3, 5, 7]) {
      const out = medianFilter(im, k);
      const r = (k - 1) / 2;
      for (let y = 0; y < im.height; y++) {
        for (let x = 0; x < im.width; x++) {
          const win: number[] = [];
          for (let dy = -r; dy <= r; dy++)
            for (let dx = -r; dx <= r; dx++) {
              const xx = x + dx;
              const yy = y + dy;
              win.push(xx < 0 || yy < 0 || xx >= im.width || yy >= im.height ? 0 : at(im, xx, yy));
            }
          win.sort((a, b) => a - b);
          expect(at(out, x, y)).toBe(win[(win.length - 1) / 2]);
        }
      }
    }
  });
  it('rejects even windows', () => {
    expect(() => medianFilter(p3, 4)).toThrow(RangeError);
  });
});

describe('Gaussian filter (fspecial gaussian, sigma 0.5)', () => {
  it('3x3 kernel matches fspecial values', () => {
    const k = gaussianKernel(3, 0.5).values;
    expect(k[4]).toBeCloseTo(0.6193, 4); // centre
    for (const i of [1, 3, 5, 7]) expect(k[i]).toBeCloseTo(0.0838, 4); // edges
    for (const i of [0, 2, 6, 8]) expect(k[i]).toBeCloseTo(0.0113, 4); // corners
    // exact: centre = 1 / (1 + 2 e^-2)^2
    expect(k[4]).toBeCloseTo(1 / (1 + 2 * Math.exp(-2)) ** 2, 12);
  });
  it('5x5 and 7x7 kernels sum to 1 and are symmetric', () => {
    for (const n of [5, 7]) {
      const k = gaussianKernel(n, 0.5).values;
      expect(k.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      for (let i = 0; i < k.length; i++) expect(k[i]).toBeCloseTo(k[k.length - 1 - i], 15);
    }
  });
  it('corner of a constant image loses the out-of-image kernel mass (zero padding)', () => {
    const out = gaussianFilter(img(5, 5, () => 1), 3);
    const e = Math.exp(-2);
    expect(at(out, 2, 2)).toBeCloseTo(1, 6);
    expect(at(out, 0, 0)).toBeCloseTo(((1 + e) / (1 + 2 * e)) ** 2, 6);
  });
});
