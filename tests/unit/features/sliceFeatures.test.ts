import { describe, expect, it } from 'vitest';
import type { SliceImage } from '../../../src/ingest/types';
import { differenceMatrix, hashBits, hashValue } from '../../../src/features/hash';
import { DEFAULT_FEATURE_PARAMS, type FeatureParams } from '../../../src/features/params';
import { computeSliceFeatures, FeatureWorkspace, sliceLbpRows } from '../../../src/features/sliceFeatures';
import { createRng } from '../../../src/util/random';

/**
 * A synthetic axial "head" slice: an elliptical skull ring around soft tissue with smooth texture,
 * an inner structure that moves with the slice index, seeded noise, and a small burned-in label.
 */
function phantomSlice(index: number, size = 256): SliceImage {
  const rng = createRng(1000 + index);
  const pixels = new Float32Array(size * size);
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x - c) / (0.42 * size);
      const v = (y - c) / (0.36 * size);
      const r = Math.sqrt(u * u + v * v);
      let value = 20 * rng.next(); // air noise
      if (r < 1) {
        value = r > 0.88 ? 900 : 380 + 60 * Math.sin(x / 9 + index / 3) * Math.cos(y / 13) + 30 * Math.sin((x + y) / 5);
        const bx = x - c - 10 * Math.sin(index / 2);
        const by = y - c + 20;
        if (bx * bx + by * by < (0.12 * size) ** 2) value += 250;
        value += 15 * (rng.next() - 0.5);
      }
      pixels[y * size + x] = value;
    }
  }
  // Burned-in label: 3 x 6 bright pixels near a corner (far below h_a = 0.5 % of the area).
  for (let y = 6; y < 9; y++) for (let x = 6; x < 12; x++) pixels[y * size + x] = 950;
  return { width: size, height: size, pixels };
}

const SMALL: FeatureParams = { ...DEFAULT_FEATURE_PARAMS, workSize: 64 };

describe('sliceLbpRows (paper 4.4-4.6)', () => {
  it('gives 4 rows of 9 non-negative integer cell sums, the same on every call', () => {
    const slice = phantomSlice(0);
    const details = computeSliceFeatures(slice, SMALL);
    expect(details.rows.length).toBe(4);
    for (const row of details.rows) {
      expect(row.length).toBe(9);
      for (const v of row) expect(Number.isInteger(v) && v >= 0).toBe(true);
    }
    expect(details.workWidth).toBe(64);
    expect(details.ialm.converged).toBe(true);
    expect(details.roiFraction).toBeGreaterThan(0.3);
    expect(details.roiFraction).toBeLessThan(0.6);
    // Same input, fresh workspace or reused one: same rows.
    expect(sliceLbpRows(slice, SMALL, { workspace: new FeatureWorkspace() })).toEqual(details.rows);
    sliceLbpRows(phantomSlice(1), SMALL);
    expect(sliceLbpRows(slice, SMALL)).toEqual(details.rows);
  });

  it('gives identical LBP rows and hash bits with the fast and the exact SVD', () => {
    const slices = [0, 1, 2, 3].map((k) => phantomSlice(k));
    const hashes: Record<string, number[]> = {};
    for (const svd of ['exact', 'fast'] as const) {
      const rows = slices.map((s) => sliceLbpRows(s, SMALL, { svd }));
      hashes[svd] = differenceMatrix(rows).map((w) => hashValue(hashBits(w)));
      hashes[svd + 'Rows'] = rows.flat(2);
    }
    expect(hashes.fast).toEqual(hashes.exact);
    expect(hashes.fastRows).toEqual(hashes.exactRows);
  });

  it('gives identical rows with the fast and the exact SVD at the default 128 x 128', () => {
    const slice = phantomSlice(5);
    const fast = computeSliceFeatures(slice, DEFAULT_FEATURE_PARAMS, { svd: 'fast' });
    const exact = computeSliceFeatures(slice, DEFAULT_FEATURE_PARAMS, { svd: 'exact' });
    expect(fast.ialm.iterations).toBe(exact.ialm.iterations);
    expect(fast.rows).toEqual(exact.rows);
  });

  it('runs at the native size (workSize 0) on a non-square slice', () => {
    const slice = phantomSlice(2, 48);
    const wide: SliceImage = { width: 48, height: 40, pixels: slice.pixels.subarray(4 * 48, 44 * 48) };
    const details = computeSliceFeatures(wide, { ...DEFAULT_FEATURE_PARAMS, workSize: 0 });
    expect([details.workWidth, details.workHeight]).toEqual([48, 40]);
    expect(details.rows.length).toBe(4);
  });
});
