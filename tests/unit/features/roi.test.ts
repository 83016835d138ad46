import { describe, expect, it } from 'vitest';
import { normaliseMinMax } from '../../../src/features/normalise';
import { applyRoi, labelComponents8, otsuThreshold, removeSmallComponents, roiMask } from '../../../src/features/roi';

/** Parses a picture of a binary mask: '#' = 1, '.' = 0. */
function maskFrom(picture: string[]): { mask: Uint8Array; width: number; height: number } {
  const height = picture.length;
  const width = picture[0].length;
  const mask = new Uint8Array(width * height);
  picture.forEach((row, y) => [...row].forEach((c, x) => (mask[y * width + x] = c === '#' ? 1 : 0)));
  return { mask, width, height };
}

function pictureOf(mask: Uint8Array, width: number): string[] {
  const rows: string[] = [];
  for (let y = 0; y < mask.length / width; y++) {
    rows.push([...mask.subarray(y * width, (y + 1) * width)].map((v) => (v ? '#' : '.')).join(''));
  }
  return rows;
}

describe('normaliseMinMax', () => {
  it('maps the slice min to 0 and max to 1, linearly', () => {
    expect([...normaliseMinMax([100, 300, 200, 150])]).toEqual([0, 1, 0.5, 0.25]);
  });
  it('turns a constant slice into zeros', () => {
    expect([...normaliseMinMax([7, 7, 7])]).toEqual([0, 0, 0]);
  });
});

describe('otsuThreshold (Otsu 1979, paper Eq. 10)', () => {
  it('finds the split of a small histogram worked out by hand', () => {
    // bins = 4, bin b holds (b/4, (b+1)/4]: 0.1 -> 0, 0.3 -> 1, 0.6 -> 2, 0.9 -> 3; histogram [2, 1, 1, 2].
    // Class moments with levels 0..3, N = 6, S = 9:  sigma_B^2 * N^2 = (S c - s N)^2 / (c (N - c))
    //   t = 0: (18 - 0)^2 / (2 * 4) = 40.5;  t = 1: (27 - 6)^2 / (3 * 3) = 49;  t = 2: (36 - 18)^2 / (4 * 2) = 40.5
    // Maximum at t = 1 -> h_g = right edge of bin 1 = 2/4.
    expect(otsuThreshold([0.1, 0.1, 0.3, 0.6, 0.9, 0.9], 4)).toBe(0.5);
  });

  it('puts the threshold in the middle of the gap of a two-level image', () => {
    // 0.2 falls in bin 51 (51.2 -> ceil 52 - 1), 0.8 in bin 204. Every split t = 51..203 separates
    // the two levels equally well; the middle one, t = 127, gives h_g = 128/256 = 0.5.
    const values = new Float32Array(100);
    values.fill(0.2, 0, 60);
    values.fill(0.8, 60);
    expect(otsuThreshold(values)).toBe(0.5);
  });

  it('separates the modes of a noisy bimodal image', () => {
    // Dark mode 0.15..0.25 (70 %), bright mode 0.65..0.85 (30 %): the threshold lies between them.
    const values: number[] = [];
    for (let i = 0; i < 700; i++) values.push(0.15 + (0.1 * i) / 699);
    for (let i = 0; i < 300; i++) values.push(0.65 + (0.2 * i) / 299);
    const h = otsuThreshold(values);
    expect(h).toBeGreaterThanOrEqual(0.25);
    expect(h).toBeLessThan(0.65);
    expect(values.filter((v) => v > h).length).toBe(300);
  });

  it('returns 1 (nothing above) when all values share one bin', () => {
    expect(otsuThreshold([0, 0, 0, 0])).toBe(1);
  });
});

describe('8-connected components', () => {
  it('joins pixels that touch only by a corner', () => {
    const { mask, width, height } = maskFrom([
      '#...', //
      '.#..',
      '..#.',
      '...#',
    ]);
    const { count, areas } = labelComponents8(mask, width, height);
    expect(count).toBe(1);
    expect([...areas]).toEqual([4]);
  });

  it('removes components smaller than the minimum area and keeps a diagonal chain', () => {
    const { mask, width, height } = maskFrom([
      '###.....#.',
      '###......#',
      '###.......',
      '..........',
      '.....#....',
      '......#...',
      '##.....#..',
      '........#.',
    ]);
    // Components: 3x3 block (9), top-right diagonal pair (2), diagonal chain of 4, bottom-left pair (2).
    const removed = removeSmallComponents(mask, width, height, 3);
    expect(removed).toBe(2);
    expect(pictureOf(mask, width)).toEqual([
      '###.......',
      '###.......',
      '###.......',
      '..........',
      '.....#....',
      '......#...',
      '.......#..',
      '........#.',
    ]);
  });
});

describe('roiMask and applyRoi (Eq. 10-11)', () => {
  it('thresholds, drops the small bright blob, and multiplies', () => {
    // 10 x 10: background 0 (74 px), a 5 x 5 "organ" of 0.8 (24 px) with one pixel of 0.5, and a
    // one-pixel "text" blob of 1.0 in the corner (area 1 < h_a = 0.05 * 100 = 5).
    const width = 10;
    const height = 10;
    const image = new Float32Array(width * height);
    for (let y = 2; y < 7; y++) for (let x = 2; x < 7; x++) image[y * width + x] = 0.8;
    image[4 * width + 4] = 0.5;
    image[9 * width + 9] = 1;
    // Bins (256): 0 -> 0, 0.5 -> 127, 0.8 -> 204, 1.0 -> 255; S = 127 + 24 * 204 + 255 = 5278.
    //   split after bin 0:   (5278 * 74)^2 / (74 * 26)             = 7.93e7
    //   split after bin 127: (5278 * 75 - 127 * 100)^2 / (75 * 25) = 7.83e7
    // so the background is split from everything else; bins 1..126 are empty, the plateau
    // t = 0..126 has its middle at 63, h_g = 64 / 256 = 0.25.
    const { mask, threshold } = roiMask(image, width, height, 0.05);
    expect(threshold).toBe(0.25);
    expect(mask[4 * width + 4]).toBe(1);
    expect(mask[9 * width + 9]).toBe(0); // removed: too small
    expect(mask.reduce((a, b) => a + b, 0)).toBe(25);
    const roi = applyRoi(image, mask);
    expect(roi[2 * width + 2]).toBeCloseTo(0.8, 6);
    expect(roi[4 * width + 4]).toBe(0.5);
    expect(roi[9 * width + 9]).toBe(0);
    expect(roi[0]).toBe(0);
  });

  it('treats a value exactly equal to h_g as background (strict >)', () => {
    // The hand-worked 4-bin example plus a pixel at exactly 0.5 (bin 1, closed on the right):
    // histogram [2, 2, 1, 2], N = 7, S = 10: t = 0: 20^2 / 10 = 40; t = 1: 26^2 / 12 = 56.3;
    // t = 2: 22^2 / 10 = 48.4 -> h_g = 2/4 = 0.5, and the pixel at 0.5 stays out.
    const values = Float32Array.from([0.1, 0.1, 0.3, 0.5, 0.6, 0.9, 0.9]);
    const { mask, threshold } = roiMask(values, 7, 1, 0, 4);
    expect(threshold).toBe(0.5);
    expect([...mask]).toEqual([0, 0, 0, 0, 1, 1, 1]);
  });
});
