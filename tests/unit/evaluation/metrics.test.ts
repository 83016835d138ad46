import { describe, expect, it } from 'vitest';
import {
  bitAccuracy,
  blockAccuracy,
  blockAccuracyAfterSliceLoss,
  blockAccuracyVsLostSlices,
  blockAccuracyWithDroppedSlices,
  characterAccuracy,
  distinctHashCount,
  hashDifferenceRow,
  hashesFromFeatureRows,
  hashValues,
  hidingSuccessRate,
  orderAgreement,
  successRateVsSliceCount,
  usedRowsBlockAccuracy,
} from '../../../src/evaluation/metrics';
import { createRng } from '../../../src/util/random';

const bits = (s: string) => Uint8Array.from(s, (c) => Number(c));

// clean rows and an attacked copy: row 1 one bit flipped, row 3 two bits flipped
const clean = ['000000101', '111110000', '100100001', '000000111'].map(bits);
const attacked = ['000000100', '111110000', '000100011', '000000111'].map(bits);

describe('bit and block accuracy (Eq. 16-18)', () => {
  it('hash values: first bit is the most significant', () => {
    expect(Array.from(hashValues(clean))).toEqual([5, 496, 289, 7]);
  });
  it('bit accuracy = 1 - 3 / 36', () => {
    expect(bitAccuracy(clean, attacked)).toBeCloseTo(1 - 3 / 36, 12);
    expect(bitAccuracy([5, 496, 289, 7], [4, 496, 35, 7])).toBeCloseTo(1 - 3 / 36, 12);
    expect(bitAccuracy(clean, clean)).toBe(1);
  });
  it('block accuracy = 2 / 4 (a row counts only when all 9 bits match)', () => {
    expect(blockAccuracy(clean, attacked)).toBe(0.5);
    expect(blockAccuracy([5, 496, 289, 7], [4, 496, 35, 7])).toBe(0.5);
  });
  it('rejects row count mismatch and bad bits', () => {
    expect(() => bitAccuracy(clean, attacked.slice(1))).toThrow(RangeError);
    expect(() => blockAccuracy([bits('0101')], [bits('0101')])).toThrow(RangeError);
    expect(() => blockAccuracy([512], [0])).toThrow(RangeError);
  });
  it('used-rows block accuracy counts each use, out-of-range receiver rows are misses', () => {
    expect(usedRowsBlockAccuracy([1, 2, 2, 4], clean, attacked)).toBe(0.75);
    expect(usedRowsBlockAccuracy([2, 4], clean, attacked)).toBe(1);
    expect(usedRowsBlockAccuracy([4, 2], clean, attacked.slice(0, 3))).toBe(0.5);
    expect(() => usedRowsBlockAccuracy([5], clean, attacked)).toThrow(RangeError);
    expect(() => usedRowsBlockAccuracy([0], clean, attacked)).toThrow(RangeError);
  });
});

describe('character accuracy', () => {
  it('position-wise, length mismatch counts as errors', () => {
    expect(characterAccuracy('Za91', 'Za91')).toBe(1);
    expect(characterAccuracy('Za91', 'Zb91')).toBe(0.75);
    expect(characterAccuracy('Za91', 'Za9')).toBe(0.75);
    expect(characterAccuracy('Za9', 'Za91')).toBe(0.75);
    expect(characterAccuracy('Za91', 'a91')).toBe(0); // shifted: nothing in place
    expect(characterAccuracy('abc', '')).toBe(0);
    expect(characterAccuracy('', '')).toBe(1);
    expect(characterAccuracy('Zoë', 'Zoe')).toBeCloseTo(2 / 3, 12);
  });
});

describe('order agreement (Kendall tau-a)', () => {
  it('identity 1, reversed -1, one adjacent swap of 4 is 2/3', () => {
    expect(orderAgreement([1, 2, 3, 4], [1, 2, 3, 4])).toEqual({ exact: true, kendallTau: 1, common: 4 });
    expect(orderAgreement([1, 2, 3, 4], [4, 3, 2, 1])).toEqual({ exact: false, kendallTau: -1, common: 4 });
    const s = orderAgreement(['a', 'b', 'c', 'd'], ['a', 'b', 'd', 'c']);
    expect(s.exact).toBe(false);
    expect(s.kendallTau).toBeCloseTo(2 / 3, 12);
  });
  it('swap of the first and last of 4 is (1 - 5) / 6 = -2/3 (5 discordant pairs of 6)', () => {
    expect(orderAgreement([1, 2, 3, 4], [4, 2, 3, 1]).kendallTau).toBeCloseTo(-2 / 3, 12);
  });
  it('matches an O(n^2) count on random permutations', () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 5; trial++) {
      const n = 200;
      const a = Array.from({ length: n }, (_, i) => `s${i}`);
      const b = [...a];
      for (let i = n - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [b[i], b[j]] = [b[j], b[i]];
      }
      const pos = new Map(b.map((id, i) => [id, i]));
      let conc = 0;
      let disc = 0;
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++) (pos.get(a[i])! < pos.get(a[j])! ? conc++ : disc++);
      expect(orderAgreement(a, b).kendallTau).toBeCloseTo((conc - disc) / ((n * (n - 1)) / 2), 12);
    }
  });
  it('uses only common identities; duplicates are rejected', () => {
    const r = orderAgreement([1, 2, 3, 4], [2, 1, 5]);
    expect(r).toEqual({ exact: false, kendallTau: -1, common: 2 });
    expect(Number.isNaN(orderAgreement([1], [1]).kendallTau)).toBe(true);
    expect(() => orderAgreement([1, 1], [1])).toThrow(RangeError);
  });
});

describe('hiding success rate (Eq. 19) and Fig. 11 curves', () => {
  it('R_suc = min(k, 62) / 62', () => {
    expect(hidingSuccessRate(0)).toBe(0);
    expect(hidingSuccessRate(31)).toBe(0.5);
    expect(hidingSuccessRate(62)).toBe(1);
    expect(hidingSuccessRate(500)).toBe(1);
    expect(distinctHashCount([5, 5, 7, 496, 7])).toBe(3);
  });
  it('success rate vs slice count uses the first 4(n-1) rows', () => {
    // N = 121 slices -> 480 rows; row m (0-based) has hash floor(m / 8)
    const rows = Array.from({ length: 480 }, (_, m) => Math.floor(m / 8));
    const pts = successRateVsSliceCount(rows, 50);
    expect(pts.map((p) => p.slices)).toEqual([50, 100, 121]);
    expect(pts.map((p) => p.rows)).toEqual([196, 396, 480]);
    expect(pts.map((p) => p.distinct)).toEqual([25, 50, 60]);
    expect(pts[0].rate).toBeCloseTo(25 / 62, 12);
    expect(pts[2].rate).toBeCloseTo(60 / 62, 12);
    expect(successRateVsSliceCount(rows, 60).map((p) => p.slices)).toEqual([60, 120, 121]);
  });
});

describe('hash of a difference row (Eq. 14-15)', () => {
  it('bit = 1 when w_j >= mean, first column most significant', () => {
    expect(hashDifferenceRow([0, 0, 0, 0, 0, 0, 1, 0, 1])).toBe(5);
    expect(hashDifferenceRow([1, 2, 3, 4, 5, 6, 7, 8, 9])).toBe(0b000011111);
    expect(hashDifferenceRow([3, 3, 3, 3, 3, 3, 3, 3, 3])).toBe(511);
  });
  it('W row 4(k-1)+i pairs block i of slices k and k+1 (here 2 blocks per slice)', () => {
    const e = (j: number) => Array.from({ length: 9 }, (_, i) => (i === j ? 1 : 0));
    const zero = Array(9).fill(0);
    // slice 0: [0, 0]; slice 1: [e0, e5]; slice 2: [e0 + e1, e5]
    const L = [zero, zero, e(0), e(5), e(0).map((v, i) => v + e(1)[i]), e(5)];
    expect(hashesFromFeatureRows(L, 2)).toEqual([256, 8, 128, 511]);
  });
});

describe('block accuracy with lost slices', () => {
  // 5 slices, 1 row per slice; consecutive differences are unit vectors e0..e3
  const e = (j: number) => Array.from({ length: 9 }, (_, i) => (i === j ? 1 : 0));
  const cum = (k: number) => Array.from({ length: 9 }, (_, i) => (i < k ? 1 : 0));
  const L = [0, 1, 2, 3, 4].map(cum); // diffs e0, e1, e2, e3 -> hashes 256, 128, 64, 32
  const opts = { rowsPerSlice: 1 };

  it('no loss: 1', () => {
    const r = blockAccuracyWithDroppedSlices(L, [], opts);
    expect(r.blockAccuracy).toBe(1);
    expect(r.samePairFraction).toBe(1);
    expect(e(0)).toEqual(cum(1)); // sanity of the construction
  });
  it('dropping slice 2: receiver rows 256, 192, 32 vs 256, 128, 64, 32 -> 1/4; pairs kept 2/4', () => {
    const r = blockAccuracyWithDroppedSlices(L, [2], opts);
    expect(r.blockAccuracy).toBe(0.25);
    expect(r.samePairFraction).toBe(0.5);
    expect(r.lost).toBe(1);
    expect(r.rows).toBe(4);
  });
  it('dropping slice 0 shifts every row: 0; pairs kept 3/4', () => {
    const r = blockAccuracyWithDroppedSlices(L, [0], opts);
    expect(r.blockAccuracy).toBe(0);
    expect(r.samePairFraction).toBe(0.75);
  });
  it('dropping the last slice only loses the last row: 3/4', () => {
    expect(blockAccuracyWithDroppedSlices(L, [4], opts).blockAccuracy).toBe(0.75);
  });
  it('random draw drops round(f N) slices, deterministic per seed, consistent with the core', () => {
    const rng = createRng(3);
    const big = Array.from({ length: 4 * 60 }, () => Array.from({ length: 9 }, () => rng.int(1000)));
    const a = blockAccuracyAfterSliceLoss(big, 0.1, 77);
    const b = blockAccuracyAfterSliceLoss(big, 0.1, 77);
    expect(a).toEqual(b);
    expect(a.lost).toBe(6);
    expect(a.dropped.length).toBe(6);
    const core = blockAccuracyWithDroppedSlices(big, a.dropped);
    expect(core.blockAccuracy).toBe(a.blockAccuracy);
    expect(core.samePairFraction).toBe(a.samePairFraction);
    // rows before the first dropped slice are intact
    expect(a.blockAccuracy).toBeGreaterThanOrEqual((4 * (a.dropped[0] - 1)) / a.rows - 1e-12);
    const curve = blockAccuracyVsLostSlices(big, [0, 0.1, 0.5], 77, 4);
    expect(curve[0].blockAccuracy).toBe(1);
    expect(curve[1].lost).toBe(6);
    expect(curve[2].blockAccuracy).toBeLessThan(curve[0].blockAccuracy);
  });
});
