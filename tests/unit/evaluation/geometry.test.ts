import { describe, expect, it } from 'vitest';
import { edgeCrop, cropBand } from '../../../src/evaluation/attacks/edgeCrop';
import { rotate } from '../../../src/evaluation/attacks/rotate';
import { imresize, scaleAttack } from '../../../src/evaluation/attacks/scale';
import { imadjust } from '../../../src/evaluation/attacks/intensityAdjust';
import { gammaCorrection } from '../../../src/evaluation/attacks/gammaCorrection';
import { at, img } from './helpers';

describe('edge cropping (band of fraction f of each side set to 0)', () => {
  it('f = 0.2 on 10 x 10 zeroes exactly rows/cols 0,1 and 8,9', () => {
    const out = edgeCrop(img(10, 10, () => 1), 0.2);
    for (let y = 0; y < 10; y++)
      for (let x = 0; x < 10; x++) {
        const inside = x >= 2 && x <= 7 && y >= 2 && y <= 7;
        expect(at(out, x, y)).toBe(inside ? 1 : 0);
      }
  });
  it('f = 0.1 on 20 x 10: 2 columns and 1 row on each side', () => {
    const out = edgeCrop(img(20, 10, () => 0.7), 0.1);
    let nonZero = 0;
    for (const v of out.pixels) if (v !== 0) nonZero++;
    expect(nonZero).toBe(16 * 8);
    expect(at(out, 1, 5)).toBe(0);
    expect(at(out, 2, 5)).toBeCloseTo(0.7, 6);
    expect(at(out, 17, 5)).toBeCloseTo(0.7, 6);
    expect(at(out, 18, 5)).toBe(0);
    expect(at(out, 5, 0)).toBe(0);
    expect(at(out, 5, 1)).toBeCloseTo(0.7, 6);
  });
  it('band depth on 512 is round(0.1 * 512) = 51 and round(0.2 * 512) = 102', () => {
    expect(cropBand(512, 0.1)).toBe(51);
    expect(cropBand(512, 0.2)).toBe(102);
  });
});

describe('rotation (imrotate bilinear crop)', () => {
  for (const n of [4, 5]) {
    const src = img(n, n, (x, y) => (y * n + x + 1) / (n * n));
    it(`0 degrees is the identity (${n} x ${n})`, () => {
      expect(Array.from(rotate(src, 0).pixels)).toEqual(Array.from(src.pixels));
    });
    it(`90 degrees is the counter-clockwise permutation out[y][x] = in[x][n-1-y] (${n} x ${n})`, () => {
      const out = rotate(src, 90);
      for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) expect(at(out, x, y)).toBe(at(src, n - 1 - y, x));
      // first output row = last input column read top to bottom
      for (let x = 0; x < n; x++) expect(at(out, x, 0)).toBe(at(src, n - 1, x));
    });
    it(`180 degrees reverses both axes (${n} x ${n})`, () => {
      const out = rotate(src, 180);
      for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) expect(at(out, x, y)).toBe(at(src, n - 1 - x, n - 1 - y));
    });
  }
  it('bilinear sampling of a linear ramp is exact at the inversely rotated position', () => {
    const n = 21;
    const c = (n - 1) / 2;
    const src = img(n, n, (x, y) => 0.02 * x + 0.01 * y + 0.05);
    const t = (30 * Math.PI) / 180;
    const out = rotate(src, 30);
    let checked = 0;
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++) {
        const xi = c + Math.cos(t) * (x - c) - Math.sin(t) * (y - c);
        const yi = c + Math.sin(t) * (x - c) + Math.cos(t) * (y - c);
        if (xi < 0 || yi < 0 || xi > n - 1 || yi > n - 1) continue;
        expect(at(out, x, y)).toBeCloseTo(0.02 * xi + 0.01 * yi + 0.05, 5);
        checked++;
      }
    expect(checked).toBeGreaterThan(200);
  });
  it('rotating by 10 degrees keeps the size, the centre, and blacks the corners', () => {
    const out = rotate(img(31, 31, () => 1), 10);
    expect(out.width).toBe(31);
    expect(at(out, 15, 15)).toBeCloseTo(1, 6);
    expect(at(out, 0, 0)).toBe(0);
    expect(at(out, 30, 30)).toBe(0);
  });
});

describe('scaling (imresize bilinear, then back)', () => {
  it('0.5, 0.3 and 1.5 then back on a constant image stay constant', () => {
    const c = img(37, 29, () => 0.7);
    for (const f of [0.3, 0.5, 1.5]) {
      const out = scaleAttack(c, f);
      expect(out.width).toBe(37);
      expect(out.height).toBe(29);
      for (const v of out.pixels) expect(v).toBeCloseTo(0.7, 6);
    }
  });
  it('output size is ceil(factor * size)', () => {
    expect(imresize(img(512, 512, () => 0), 0.3).width).toBe(154);
    expect(imresize(img(512, 512, () => 0), 1.5).height).toBe(768);
  });
  it('matches Matlab imresize([.1 .2 .3 .4], 0.5, "bilinear") = [.1625 .3375] (antialiased)', () => {
    const row = img(4, 1, (x) => (x + 1) / 10);
    const out = imresize(row, { width: 2, height: 1 });
    expect(out.pixels[0]).toBeCloseTo(0.1625, 6);
    expect(out.pixels[1]).toBeCloseTo(0.3375, 6);
    const noAa = imresize(row, { width: 2, height: 1 }, { antialias: false });
    expect(noAa.pixels[0]).toBeCloseTo(0.15, 6);
    expect(noAa.pixels[1]).toBeCloseTo(0.35, 6);
  });
  it('upsampling [.1 .2] to 4 gives [.1 .125 .175 .2] (mirror at the edges)', () => {
    const out = imresize(img(2, 1, (x) => (x + 1) / 10), { width: 4, height: 1 });
    expect(Array.from(out.pixels).map((v) => +v.toFixed(6))).toEqual([0.1, 0.125, 0.175, 0.2]);
  });
  it('scaling 0.5 and back changes a textured image', () => {
    const t = img(16, 16, (x, y) => ((x + y) % 2 === 0 ? 0.9 : 0.1));
    const out = scaleAttack(t, 0.5);
    expect(Math.abs(at(out, 5, 5) - 0.9)).toBeGreaterThan(0.2);
  });
});

describe('intensity adjust (imadjust with gamma) and gamma correction', () => {
  const v = img(4, 1, (x) => [0, 0.25, 0.5, 1][x]);
  it('imadjust gamma 0.5 on [0 .25 .5 1] -> [0 .5 .7071 1]', () => {
    const out = Array.from(imadjust(v, { gamma: 0.5 }).pixels);
    expect(out[0]).toBe(0);
    expect(out[1]).toBeCloseTo(0.5, 6);
    expect(out[2]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(out[3]).toBe(1);
  });
  it('imadjust gamma 1.3 on 0.5 -> 0.5^1.3 = 0.4061', () => {
    expect(imadjust(v, { gamma: 1.3 }).pixels[2]).toBeCloseTo(0.40613, 4);
  });
  it('imadjust with [low_in high_in] = [0.2 0.6] clips and stretches', () => {
    const w = img(3, 1, (x) => [0.1, 0.4, 0.8][x]);
    const out = Array.from(imadjust(w, { lowIn: 0.2, highIn: 0.6, gamma: 2 }).pixels);
    expect(out[0]).toBe(0);
    expect(out[1]).toBeCloseTo(0.25, 6);
    expect(out[2]).toBe(1);
  });
  it('gamma correction 0.8 / 0.9', () => {
    expect(gammaCorrection(v, 0.8).pixels[2]).toBeCloseTo(0.5 ** 0.8, 6);
    expect(gammaCorrection(v, 0.9).pixels[1]).toBeCloseTo(0.25 ** 0.9, 6);
    expect(gammaCorrection(v, 0.9).pixels[3]).toBe(1);
  });
});
