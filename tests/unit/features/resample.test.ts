import { describe, expect, it } from 'vitest';
import { resampleArea } from '../../../src/features/resample';

describe('resampleArea', () => {
  it('averages 2 x 2 blocks for a factor of 2', () => {
    const src = [
      1, 3, 5, 7, //
      1, 3, 5, 7,
      0, 0, 8, 8,
      4, 4, 8, 0,
    ];
    expect([...resampleArea(src, 4, 4, 2, 2)]).toEqual([2, 6, 2, 6]);
  });

  it('uses box-overlap weights for 3 -> 2', () => {
    // Along one axis output pixel 0 covers [0, 1.5): source 0 whole, half of source 1 -> weights 2/3, 1/3.
    // Output 1 covers [1.5, 3): weights 1/3 (source 1), 2/3 (source 2).
    const src = [
      0, 3, 6, //
      9, 12, 15,
      18, 21, 24,
    ];
    const out = resampleArea(src, 3, 3, 2, 2);
    const w = [
      [2 / 3, 1 / 3, 0],
      [0, 1 / 3, 2 / 3],
    ];
    for (let oy = 0; oy < 2; oy++) {
      for (let ox = 0; ox < 2; ox++) {
        let expected = 0;
        for (let y = 0; y < 3; y++) for (let x = 0; x < 3; x++) expected += w[oy][y] * w[ox][x] * src[y * 3 + x];
        expect(out[oy * 2 + ox]).toBeCloseTo(expected, 12);
      }
    }
    // By hand: (0 * 4 + 3 * 2 + 9 * 2 + 12 * 1) / 9 = 4 for the top-left pixel.
    expect(out[0]).toBeCloseTo(4, 12);
  });

  it('repeats pixels when enlarging by an integer factor and keeps the mean otherwise', () => {
    expect([...resampleArea([1, 2, 3, 4], 2, 2, 4, 4)]).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    const src = Array.from({ length: 7 * 5 }, (_, i) => (i * 37) % 11);
    const out = resampleArea(src, 7, 5, 3, 4);
    const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;
    expect(mean(out)).toBeCloseTo(mean(src), 12);
  });
});
