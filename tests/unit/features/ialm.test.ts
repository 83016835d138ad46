import { describe, expect, it } from 'vitest';
import { robustPcaIalm, type IalmOptions } from '../../../src/features/ialm';
import { createRng } from '../../../src/util/random';

const PAPER: IalmOptions = { lambdaScale: 1, mu0Scale: 1.25, rho: 1.5, tol: 1e-7, maxIter: 500 };

function relativeError(a: Float64Array, b: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

/** Rank-2 40 x 40 matrix plus 5 % sparse spikes of +-(5..10). */
function lowRankPlusSparse(seed: number) {
  const rng = createRng(seed);
  const m = 40;
  const n = 40;
  const u = [0, 1].map(() => Array.from({ length: m }, () => rng.next() - 0.5));
  const v = [0, 1].map(() => Array.from({ length: n }, () => rng.next() - 0.5));
  const low = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) low[i * n + j] = 3 * u[0][i] * v[0][j] + 2 * u[1][i] * v[1][j];
  const sparse = new Float64Array(m * n);
  let placed = 0;
  while (placed < 0.05 * m * n) {
    const k = rng.int(m * n);
    if (sparse[k] !== 0) continue;
    sparse[k] = (rng.next() < 0.5 ? -1 : 1) * (5 + 5 * rng.next());
    placed++;
  }
  const d = low.map((x, k) => x + sparse[k]);
  return { m, n, low, sparse, d };
}

describe('robustPcaIalm (Lin, Chen & Ma 2009; paper Algorithm 1)', () => {
  for (const svd of ['exact', 'fast'] as const) {
    it(`recovers a rank-2 matrix under 5 % sparse spikes (${svd} SVD)`, () => {
      const { m, n, low, sparse, d } = lowRankPlusSparse(2020);
      const result = robustPcaIalm(d, m, n, { ...PAPER, svd });
      expect(result.converged).toBe(true);
      expect(result.residual).toBeLessThan(1e-7);
      expect(result.rank).toBe(2);
      expect(relativeError(result.lowRank, low)).toBeLessThan(1e-3);
      expect(relativeError(result.sparse, sparse)).toBeLessThan(1e-3);
    });
  }

  it('gives the same decomposition with the exact and the fast SVD', () => {
    const { m, n, d } = lowRankPlusSparse(7);
    const exact = robustPcaIalm(d, m, n, { ...PAPER, svd: 'exact' });
    const fast = robustPcaIalm(d, m, n, { ...PAPER, svd: 'fast' });
    expect(fast.iterations).toBe(exact.iterations);
    let diff = 0;
    for (let i = 0; i < d.length; i++) diff = Math.max(diff, Math.abs(fast.lowRank[i] - exact.lowRank[i]));
    expect(diff).toBeLessThan(1e-10);
  });

  it('keeps all-zero rows and columns exactly zero', () => {
    const { m, n, d } = lowRankPlusSparse(9);
    // Embed in a 44 x 46 matrix with zero rows 0, 20, 42, 43 and zero columns 3, 10, 17, 30, 44, 45.
    const zeroRows = new Set([0, 20, 42, 43]);
    const zeroCols = new Set([3, 17, 44, 45, 10, 30]);
    const big = new Float64Array(44 * 46);
    let r = 0;
    for (let i = 0; i < 44; i++) {
      if (zeroRows.has(i)) continue;
      let c = 0;
      for (let j = 0; j < 46; j++) {
        if (zeroCols.has(j)) continue;
        big[i * 46 + j] = d[r * n + c++];
      }
      r++;
    }
    expect(r).toBe(m);
    const result = robustPcaIalm(big, 44, 46, PAPER);
    expect(result.converged).toBe(true);
    for (let i = 0; i < 44; i++) {
      for (let j = 0; j < 46; j++) {
        if (zeroRows.has(i) || zeroCols.has(j)) {
          expect(result.lowRank[i * 46 + j]).toBe(0);
          expect(result.sparse[i * 46 + j]).toBe(0);
        }
      }
    }
  });

  it('returns zeros for a zero matrix', () => {
    const result = robustPcaIalm(new Float64Array(12), 3, 4, PAPER);
    expect(result).toMatchObject({ iterations: 0, converged: true, rank: 0 });
    expect([...result.lowRank]).toEqual(new Array(12).fill(0));
  });
});
