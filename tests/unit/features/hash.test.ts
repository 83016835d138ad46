import { describe, expect, it } from 'vitest';
import { bitMargins, differenceMatrix, differenceRowNumber, hashBits, hashString, hashValue } from '../../../src/features/hash';
import type { SliceLbpRows } from '../../../src/features/params';

describe('hash bits (Eq. 14-15)', () => {
  it('reads the first column as the most significant bit: "000000101" is 5', () => {
    expect(hashValue([0, 0, 0, 0, 0, 0, 1, 0, 1])).toBe(5);
    expect(hashValue([1, 0, 0, 0, 0, 0, 0, 0, 0])).toBe(256);
    expect(hashValue([1, 1, 1, 1, 1, 1, 1, 1, 1])).toBe(511);
    expect(hashString([0, 0, 0, 0, 0, 0, 1, 0, 1])).toBe('000000101');
  });

  it('sets b_j = 1 when w_j >= the row mean, including equality', () => {
    // mean of 1..9 is 5: 5 itself counts as 1.
    const bits = hashBits([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(hashString(bits)).toBe('000011111');
    expect(hashValue(bits)).toBe(31);
    // mean of this row is -2/9: only the non-negative entries are >= it.
    expect(hashString(hashBits([-3, 0, 4, -1, -1, -1, 0, 0, 0]))).toBe('011000111');
    // all equal: every entry equals the mean
    expect(hashValue(hashBits(new Array(9).fill(-7)))).toBe(511);
  });

  it('decides a value on the mean exactly, without rounding the mean', () => {
    // sum = 1, mean = 1/9 (not representable); 9 * w_j >= 1 is exact.
    expect(hashString(hashBits([1, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe('100000000');
  });

  it('reports |w_j - mean| per bit', () => {
    expect(bitMargins([1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual([4, 3, 2, 1, 0, 1, 2, 3, 4]);
  });
});

describe('difference matrix (Algorithm 3)', () => {
  it('numbers row 4(k-1)+i as block i of slice k+1 minus block i of slice k', () => {
    // L(slice k, block i)[j] = k^2 * i + j  (k, i 1-based) -> W row 4(k-1)+i = ((k+1)^2 - k^2) * i = (2k+1) i
    const series: SliceLbpRows[] = [1, 2, 3, 4].map((k) => [1, 2, 3, 4].map((i) => Array.from({ length: 9 }, (_, j) => k * k * i + j)));
    const w = differenceMatrix(series);
    expect(w.length).toBe(4 * (series.length - 1));
    for (let k = 1; k <= 3; k++) {
      for (let i = 1; i <= 4; i++) {
        const rowNumber = differenceRowNumber(k, i);
        expect(rowNumber).toBe(4 * (k - 1) + i);
        expect(w[rowNumber - 1]).toEqual(new Array(9).fill((2 * k + 1) * i));
      }
    }
    expect(w[5 - 1][0]).toBe(5); // row 5 = block 1 of slice 3 minus block 1 of slice 2 = 9 - 4
  });

  it('has no rows for a single slice and rejects malformed rows', () => {
    expect(differenceMatrix([[[1], [2], [3], [4]]])).toEqual([]);
    expect(() => differenceMatrix([[[1]], [[2]]])).toThrow();
  });
});
