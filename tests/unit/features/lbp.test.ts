import { describe, expect, it } from 'vitest';
import { cellSums3x3, lbpCodes, lbpFeatureRows, splitRanges } from '../../../src/features/lbp';

describe('basic LBP code (Ojala et al. 1996; paper Eq. 5-6)', () => {
  it('codes a 3 x 3 patch clockwise from the top-left neighbour, top-left most significant', () => {
    // 5 9 1
    // 4 4 6      centre 4
    // 7 2 3
    // clockwise from top-left: 5 9 1 6 3 2 7 4 ; 'ge': 1 1 0 1 0 0 1 1 = 128+64+16+2+1 = 211
    //                                            'gt': 1 1 0 1 0 0 1 0 = 210 (4 > 4 is false)
    const patch = [5, 9, 1, 4, 4, 6, 7, 2, 3];
    expect([...lbpCodes(patch, 3, 0, 0, 3, 3, 'ge').codes]).toEqual([211]);
    expect([...lbpCodes(patch, 3, 0, 0, 3, 3, 'gt').codes]).toEqual([210]);
  });

  it('gives 30 on a raster ramp: right, bottom-right, bottom and bottom-left are larger', () => {
    const width = 6;
    const ramp = Array.from({ length: 6 * 5 }, (_, i) => i);
    const { codes, width: w, height: h } = lbpCodes(ramp, width, 0, 0, 6, 5, 'ge');
    expect([w, h]).toEqual([4, 3]);
    expect([...codes]).toEqual(new Array(12).fill(16 + 8 + 4 + 2));
  });

  it('uses only neighbours inside the block', () => {
    // A block at (top 1, left 1), 3 x 3, inside a 5 x 5 image whose outer ring is huge: the code of
    // the block's centre (2, 2) only reads the block, whose border is all 0 < centre 1.
    const image = new Array(25).fill(1000);
    for (let y = 1; y < 4; y++) for (let x = 1; x < 4; x++) image[y * 5 + x] = 0;
    image[12] = 1;
    expect([...lbpCodes(image, 5, 1, 1, 3, 3, 'ge').codes]).toEqual([0]);
  });
});

describe('block and cell splits (Algorithm 2)', () => {
  it('splits by integer division with the remainder in the last part', () => {
    expect(splitRanges(7, 3)).toEqual([0, 2, 4, 7]);
    expect(splitRanges(9, 2)).toEqual([0, 4, 9]);
    expect(splitRanges(2, 3)).toEqual([0, 0, 0, 2]);
  });

  it('sums 3 x 3 cells with remainders', () => {
    // 5 wide x 4 tall, value = index: columns split [0,1) [1,2) [2,5), rows [0,1) [1,2) [2,4).
    const values = Array.from({ length: 20 }, (_, i) => i);
    // row 0: 0 | 1 | 2+3+4 = 9
    // row 1: 5 | 6 | 7+8+9 = 24
    // rows 2-3: 10+15 = 25 | 11+16 = 27 | 12+13+14+17+18+19 = 93
    expect(cellSums3x3(values, 5, 4)).toEqual([0, 1, 9, 5, 6, 24, 25, 27, 93]);
  });

  it('gives 4 rows of 9 cell sums in block order TL, TR, BL, BR', () => {
    // 11 x 9 constant image. Rows split [0,4) [4,9), columns [0,5) [5,11).
    // LBP blocks (border dropped): TL 3 x 2, TR 4 x 2, BL 3 x 3, BR 4 x 3 codes, all 255 ('ge' on
    // equal neighbours) or 0 ('gt').
    //   TL: cell columns [0,1) [1,2) [2,3), cell rows [0,0) [0,0) [0,2)    -> 0 0 0 0 0 0 510 510 510
    //   TR: cell columns [0,1) [1,2) [2,4)                                 -> 0 0 0 0 0 0 510 510 1020
    //   BL: 1 x 1 cells                                                    -> 255 each
    //   BR: cell columns [0,1) [1,2) [2,4), rows of 1                      -> 255 255 510 (x 3)
    const image = new Float64Array(11 * 9).fill(0.5);
    expect(lbpFeatureRows(image, 11, 9, 'ge')).toEqual([
      [0, 0, 0, 0, 0, 0, 510, 510, 510],
      [0, 0, 0, 0, 0, 0, 510, 510, 1020],
      [255, 255, 255, 255, 255, 255, 255, 255, 255],
      [255, 255, 510, 255, 255, 510, 255, 255, 510],
    ]);
    expect(lbpFeatureRows(image, 11, 9, 'gt').flat().every((v) => v === 0)).toBe(true);
  });

  it('keeps the blocks apart: a ramp gives 30 per code in every block', () => {
    const width = 12;
    const height = 10;
    const ramp = Float64Array.from({ length: width * height }, (_, i) => i);
    // Each block is 6 x 5 -> 4 x 3 codes of 30; cells: columns [0,1) [1,2) [2,4), rows of 1.
    const row = [30, 30, 60, 30, 30, 60, 30, 30, 60];
    expect(lbpFeatureRows(ramp, width, height, 'ge')).toEqual([row, row, row, row]);
  });
});
