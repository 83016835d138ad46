import { describe, expect, it } from 'vitest';
import { gramOfColumns, gramOfRows, multiplyRowsByRows, transpose } from '../../../src/features/linalg';
import { createLeadingEigenSolver, largestEigenvalue } from '../../../src/features/partialEigen';
import { symmetricEigen, tridiagonalEigenvalues } from '../../../src/features/symmetricEigen';
import { createSvt } from '../../../src/features/svt';
import { createRng, type Rng } from '../../../src/util/random';

/** n orthonormal rows (k x n) by Gram-Schmidt on random vectors. */
function orthonormalRows(rng: Rng, k: number, n: number): Float64Array {
  const q = new Float64Array(k * n);
  for (let r = 0; r < k; r++) {
    for (let i = 0; i < n; i++) q[r * n + i] = rng.next() - 0.5;
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < r; p++) {
        let d = 0;
        for (let i = 0; i < n; i++) d += q[p * n + i] * q[r * n + i];
        for (let i = 0; i < n; i++) q[r * n + i] -= d * q[p * n + i];
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += q[r * n + i] ** 2;
    for (let i = 0; i < n; i++) q[r * n + i] /= Math.sqrt(norm);
  }
  return q;
}

/** sum_k w_k a_k b_k^T for rows a_k (length m), b_k (length n). */
function sumOfOuter(a: Float64Array, m: number, b: Float64Array, n: number, w: number[]): Float64Array {
  const out = new Float64Array(m * n);
  w.forEach((wk, k) => {
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[i * n + j] += wk * a[k * m + i] * b[k * n + j];
  });
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

/** Symmetric matrix with the given eigenvalues (random orthonormal eigenvectors). */
function symmetricWithEigenvalues(rng: Rng, values: number[]): Float64Array {
  const q = orthonormalRows(rng, values.length, values.length);
  return sumOfOuter(q, values.length, q, values.length, values);
}

describe('dense kernels', () => {
  it('multiplies rows by rows, transposes and forms both Gram matrices', () => {
    const a = Float64Array.from([1, 2, 3, 4, 5, 6]); // 2 x 3
    const b = Float64Array.from([1, 0, 1, 0, 1, 0, 2, 2, 2]); // 3 x 3
    expect([...multiplyRowsByRows(a, 2, 3, b, 3, new Float64Array(6))]).toEqual([4, 2, 12, 10, 5, 30]);
    expect([...transpose(a, 2, 3)]).toEqual([1, 4, 2, 5, 3, 6]);
    expect([...gramOfRows(a, 2, 3)]).toEqual([14, 32, 32, 77]);
    expect([...gramOfColumns(a, 2, 3)]).toEqual([17, 22, 27, 22, 29, 36, 27, 36, 45]);
  });
});

describe('symmetricEigen (tred2 + tql2)', () => {
  it('decomposes [[2, 1], [1, 2]]', () => {
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect(values[0]).toBeCloseTo(3, 14);
    expect(values[1]).toBeCloseTo(1, 14);
    expect(Math.abs(vectors[0])).toBeCloseTo(Math.SQRT1_2, 14);
    expect(vectors[0] * vectors[1]).toBeCloseTo(0.5, 14); // (1, 1) / sqrt(2), up to sign
  });

  it('recovers prescribed eigenvalues, and the tridiagonal QL agrees', () => {
    const values = [9, 5, 5, 2, 1, 0.5, 1e-6, 0];
    const a = symmetricWithEigenvalues(createRng(3), values);
    const eig = symmetricEigen(a, values.length);
    expect(maxAbsDiff(eig.values, values)).toBeLessThan(1e-13);
    expect(tridiagonalEigenvalues(Float64Array.from([2, 3, 4]), Float64Array.from([0, 0]), 3)).toEqual(Float64Array.from([4, 3, 2]));
  });
});

describe('leading eigenpairs (partialEigen)', () => {
  const cases: [string, () => { a: Float64Array; n: number }][] = [
    [
      'a random Gram matrix',
      () => {
        const rng = createRng(11);
        const x = Float64Array.from({ length: 60 * 45 }, () => rng.next());
        return { a: gramOfColumns(x, 60, 45), n: 45 };
      },
    ],
    ['repeated eigenvalues', () => ({ a: symmetricWithEigenvalues(createRng(5), [7, 7, 7, 3, 3, 1, 0.1, 0.1, 0.01, 0]), n: 10 })],
    ['a diagonal matrix', () => ({ a: Float64Array.from([3, 0, 0, 0, 1, 0, 0, 0, 2]), n: 3 })],
    ['a 1 x 1 matrix', () => ({ a: Float64Array.from([4]), n: 1 })],
  ];
  for (const [name, make] of cases) {
    it(`matches the full decomposition on ${name}`, () => {
      const { a, n } = make();
      const full = symmetricEigen(a, n);
      const bound = full.values[Math.min(n - 1, Math.floor(n / 2))] * 0.999;
      const { values, vectors } = createLeadingEigenSolver(n).solve(Float64Array.from(a), (v) => v > bound);
      const count = values.length;
      expect(count).toBe(full.values.filter((v) => v > bound).length);
      const scale = full.values[0];
      expect(maxAbsDiff(values, full.values.subarray(0, count))).toBeLessThan(1e-13 * scale);
      for (let k = 0; k < count; k++) {
        // residual ||A v - lambda v|| and orthonormality
        let residual = 0;
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += a[i * n + j] * vectors[k * n + j];
          residual = Math.max(residual, Math.abs(s - values[k] * vectors[k * n + i]));
        }
        expect(residual).toBeLessThan(1e-12 * scale);
        for (let l = 0; l <= k; l++) {
          let d = 0;
          for (let i = 0; i < n; i++) d += vectors[k * n + i] * vectors[l * n + i];
          expect(Math.abs(d - (k === l ? 1 : 0))).toBeLessThan(1e-12);
        }
      }
      // The spectral projector onto the kept eigenvectors is basis-independent.
      const ones = new Array(count).fill(1);
      expect(maxAbsDiff(sumOfOuter(vectors, n, vectors, n, ones), sumOfOuter(full.vectors, n, full.vectors, n, ones))).toBeLessThan(1e-10);
      expect(Math.abs(largestEigenvalue(Float64Array.from(a), n) - full.values[0])).toBeLessThan(1e-13 * scale);
    });
  }
});

describe('singular value thresholding', () => {
  for (const [m, n] of [
    [12, 9],
    [7, 11],
  ]) {
    it(`gives U diag(max(sigma - tau, 0)) V^T for a known ${m} x ${n} SVD, exact and fast`, () => {
      const rng = createRng(m * 100 + n);
      const r = Math.min(m, n);
      const sigma = Array.from({ length: r }, (_, k) => 10 / (k + 1));
      const u = orthonormalRows(rng, r, m);
      const v = orthonormalRows(rng, r, n);
      const x = sumOfOuter(u, m, v, n, sigma);
      const tau = 2.2; // keeps 10, 5, 3.33, 2.5
      const expected = sumOfOuter(u, m, v, n, sigma.map((s) => Math.max(s - tau, 0)));
      for (const method of ['exact', 'fast'] as const) {
        const out = new Float64Array(m * n);
        const rank = createSvt(m, n, method).apply(x, tau, out);
        expect(rank).toBe(4);
        expect(maxAbsDiff(out, expected)).toBeLessThan(1e-12);
      }
    });
  }
});
