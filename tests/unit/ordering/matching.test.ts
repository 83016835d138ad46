import { describe, expect, it } from 'vitest';
import { costMatrixOf, minCostAssignment } from '../../../src/ordering/matching';
import { createRng } from '../../../src/util/random';

/** Smallest total cost over all injective maps rows -> cols (rows <= cols), by enumeration. */
function bruteForce(m: number[][]): number {
  const rows = m.length;
  const cols = m[0].length;
  let best = Infinity;
  const used = new Array<boolean>(cols).fill(false);
  const rec = (r: number, acc: number) => {
    if (r === rows) {
      best = Math.min(best, acc);
      return;
    }
    for (let c = 0; c < cols; c++) {
      if (used[c]) continue;
      used[c] = true;
      rec(r + 1, acc + m[r][c]);
      used[c] = false;
    }
  };
  rec(0, 0);
  return best;
}

describe('minCostAssignment', () => {
  it('solves a hand-checked 3 x 3 problem', () => {
    // The six permutations cost: (0,1,2) 4+0+2=6, (0,2,1) 4+5+2=11, (1,0,2) 1+2+2=5,
    // (1,2,0) 1+5+3=9, (2,0,1) 3+2+2=7, (2,1,0) 3+0+3=6 -> unique optimum rows -> 1, 0, 2.
    const a = minCostAssignment(costMatrixOf([
      [4, 1, 3],
      [2, 0, 5],
      [3, 2, 2],
    ]));
    expect(Array.from(a.rowToCol)).toEqual([1, 0, 2]);
    expect(Array.from(a.colToRow)).toEqual([1, 0, 2]);
    expect(a.totalCost).toBe(5);
  });

  it('prefers the global optimum to the greedy choice', () => {
    // Greedy (row 0 takes its cheapest column 0 at cost 1) forces row 1 to 100: total 101.
    // The optimum gives row 0 column 1 (2) and row 1 column 0 (3): total 5.
    const a = minCostAssignment(costMatrixOf([
      [1, 2],
      [3, 100],
    ]));
    expect(Array.from(a.rowToCol)).toEqual([1, 0]);
    expect(a.totalCost).toBe(5);
  });

  it('handles more columns than rows (lost slices: some positions stay empty)', () => {
    // rows 0, 1 and columns 0..2: row 0 -> 2 (1), row 1 -> 0 (1) = 2; column 1 stays free.
    const a = minCostAssignment(costMatrixOf([
      [5, 4, 1],
      [1, 3, 2],
    ]));
    expect(Array.from(a.rowToCol)).toEqual([2, 0]);
    expect(Array.from(a.colToRow)).toEqual([1, -1, 0]);
    expect(a.totalCost).toBe(2);
  });

  it('handles more rows than columns (extra slices: some rows stay unplaced)', () => {
    // The transpose of the previous problem.
    const a = minCostAssignment(costMatrixOf([
      [5, 1],
      [4, 3],
      [1, 2],
    ]));
    expect(Array.from(a.rowToCol)).toEqual([1, -1, 0]);
    expect(Array.from(a.colToRow)).toEqual([2, 0]);
    expect(a.totalCost).toBe(2);
  });

  it('matches brute force on random small problems, square and rectangular', () => {
    const rng = createRng(99);
    for (let t = 0; t < 200; t++) {
      const rows = 1 + rng.int(6);
      const cols = 1 + rng.int(6);
      // Small integers: many ties, exact sums.
      const m = Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.int(10)));
      const a = minCostAssignment(costMatrixOf(m));
      const pairs = Math.min(rows, cols);
      expect(Array.from(a.rowToCol).filter((c) => c >= 0)).toHaveLength(pairs);
      expect(new Set(Array.from(a.rowToCol).filter((c) => c >= 0)).size).toBe(pairs);
      for (let r = 0; r < rows; r++) if (a.rowToCol[r] >= 0) expect(a.colToRow[a.rowToCol[r]]).toBe(r);
      const best = rows <= cols ? bruteForce(m) : bruteForce(m[0].map((_, c) => m.map((row) => row[c])));
      expect(a.totalCost).toBe(best);
    }
  });

  it('breaks ties deterministically (all-equal costs give the identity) and accepts empty input', () => {
    const a = minCostAssignment(costMatrixOf(Array.from({ length: 4 }, () => [7, 7, 7, 7])));
    expect(Array.from(a.rowToCol)).toEqual([0, 1, 2, 3]);
    expect(minCostAssignment(costMatrixOf([])).totalCost).toBe(0);
    expect(Array.from(minCostAssignment({ rows: 2, cols: 0, cost: () => 0 }).rowToCol)).toEqual([-1, -1]);
  });

  it('rejects non-finite costs and ragged matrices', () => {
    expect(() => minCostAssignment(costMatrixOf([[NaN, 1], [1, NaN]]))).toThrow();
    expect(() => costMatrixOf([[1, 2], [3]])).toThrow();
  });
});
