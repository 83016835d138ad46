import { describe, expect, it } from 'vitest';
import { distanceMatrix, euclidean, orderFromDistances, orderFromFeatures, orderStabilityReport } from '../../../src/ordering/order';

describe('distanceMatrix (paper Eq. 8-9)', () => {
  // a = (0,0,0), b = (1,2,2), c = (4,0,3):
  // d_ab = sqrt(1+4+4) = 3, d_ac = sqrt(16+0+9) = 5, d_bc = sqrt(9+4+1) = sqrt(14)
  const f = [Float32Array.from([0, 0, 0]), Float32Array.from([1, 2, 2]), Float32Array.from([4, 0, 3])];

  it('gives the hand-computed Euclidean distances, symmetric with zero diagonal', () => {
    const d = distanceMatrix(f);
    expect(d).toHaveLength(3);
    expect(d[0][1]).toBe(3);
    expect(d[0][2]).toBe(5);
    expect(d[1][2]).toBeCloseTo(Math.sqrt(14), 15);
    for (let x = 0; x < 3; x++) {
      expect(d[x][x]).toBe(0);
      for (let y = 0; y < 3; y++) expect(d[x][y]).toBe(d[y][x]);
    }
  });

  it('orders the three vectors: benchmark c (largest sum 5 + sqrt 14), then b, then a', () => {
    const r = orderFromFeatures(f);
    expect(r.benchmark).toBe(2);
    expect(Array.from(r.distanceSums)).toEqual([8, 3 + Math.sqrt(14), 5 + Math.sqrt(14)]);
    expect(r.order).toEqual([2, 1, 0]);
  });

  it('computes in Float64 (no float32 rounding of the sum)', () => {
    const a = [1e8, 0];
    const b = [1e8 + 1, 0];
    expect(euclidean(a, b)).toBe(1);
    expect(() => euclidean([1, 2], [1])).toThrow();
  });
});

describe('orderFromDistances', () => {
  // Hand-made symmetric matrix of 5 slices; column sums:
  // 0: 0+2+6+3+9 = 20   1: 2+0+4+1+7 = 14   2: 6+4+0+5+3 = 18
  // 3: 3+1+5+0+8 = 17   4: 9+7+3+8+0 = 27  -> benchmark 4
  // distances to 4: [9, 7, 3, 8, 0] -> order 4, 2, 1, 3, 0
  const D = [
    [0, 2, 6, 3, 9],
    [2, 0, 4, 1, 7],
    [6, 4, 0, 5, 3],
    [3, 1, 5, 0, 8],
    [9, 7, 3, 8, 0],
  ];

  it('picks the largest distance sum as benchmark and sorts ascending by distance to it', () => {
    const r = orderFromDistances(D);
    expect(Array.from(r.distanceSums)).toEqual([20, 14, 18, 17, 27]);
    expect(r.benchmark).toBe(4);
    expect(r.order).toEqual([4, 2, 1, 3, 0]);
  });

  it('is a permutation that does not depend on the input order (no ties)', () => {
    const perm = [3, 0, 4, 2, 1];
    const P = perm.map((i) => perm.map((j) => D[i][j]));
    const r = orderFromDistances(P);
    expect(r.order.map((k) => perm[k])).toEqual([4, 2, 1, 3, 0]);
  });

  it('breaks exact ties by the lower index and keeps the benchmark first', () => {
    // Sums: 0: 2, 1: 2, 2: 2 -> benchmark 0 (lowest index); distances to 0: [0, 1, 1]
    const T = [
      [0, 1, 1],
      [1, 0, 1],
      [1, 1, 0],
    ];
    expect(orderFromDistances(T)).toMatchObject({ benchmark: 0, order: [0, 1, 2] });
    // Slices 0 and 1 identical (distance 0): sums 5, 5, 10 -> benchmark 2;
    // distances to 2: 5, 5, 0 -> tie between 0 and 1 -> the lower index first
    const Z = [
      [0, 0, 5],
      [0, 0, 5],
      [5, 5, 0],
    ];
    expect(orderFromDistances(Z)).toMatchObject({ benchmark: 2, order: [2, 0, 1] });
    // Two identical far slices (1, 2): sums 9, 9, 9, 11 -> benchmark 3;
    // distances to 3: 1, 5, 5, 0 -> 3, 0, then the tie 1, 2 by index
    const W = [
      [0, 4, 4, 1],
      [4, 0, 0, 5],
      [4, 0, 0, 5],
      [1, 5, 5, 0],
    ];
    expect(orderFromDistances(W)).toMatchObject({ benchmark: 3, order: [3, 0, 1, 2] });
  });

  it('handles 0, 1 and 2 slices and rejects non-square input', () => {
    expect(orderFromDistances([]).order).toEqual([]);
    expect(orderFromDistances([[0]]).order).toEqual([0]);
    expect(orderFromDistances([[0, 2], [2, 0]]).order).toEqual([0, 1]);
    expect(() => orderFromDistances([[0, 1]])).toThrow();
  });
});

describe('orderStabilityReport', () => {
  it('reports the smallest gap between consecutive distances to the benchmark', () => {
    const D = [
      [0, 2, 6, 3, 9],
      [2, 0, 4, 1, 7],
      [6, 4, 0, 5, 3],
      [3, 1, 5, 0, 8],
      [9, 7, 3, 8, 0],
    ];
    // sorted distances to benchmark 4: 0, 3, 7, 8, 9 -> gaps from position 2: 4, 1, 1 -> min 1 at k = 3
    const s = orderStabilityReport(D);
    expect(s.maxDistance).toBe(9);
    expect(s.minGap).toBe(1);
    expect(s.minGapAt).toBe(3);
    expect(s.relativeMinGap).toBeCloseTo(1 / 9, 15);
    // sums 27 vs runner-up 20
    expect(s.runnerUp).toBe(0);
    expect(s.benchmarkMargin).toBeCloseTo(7 / 27, 15);
  });

  it('is 0 for a tie and 1 for fewer than three slices', () => {
    const T = [
      [0, 1, 1],
      [1, 0, 1],
      [1, 1, 0],
    ];
    const s = orderStabilityReport(T);
    expect(s.relativeMinGap).toBe(0);
    expect(s.benchmarkMargin).toBe(0);
    expect(orderStabilityReport([[0, 2], [2, 0]]).relativeMinGap).toBe(1);
  });
});
