import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import {
  IMAGENET_MEAN,
  IMAGENET_STD,
  areaWeights,
  buildBatch,
  centralRegion,
  normaliseAndResample,
  preprocessId,
  preprocessSlice,
} from '../../../src/ordering/preprocess';

describe('area resampling', () => {
  it('has weights that sum to 1 for down- and up-sampling', () => {
    for (const [s, d] of [[3, 2], [7, 3], [2, 5], [512, 224], [64, 64]]) {
      const w = areaWeights(s, d);
      for (let o = 0; o < d; o++) {
        let sum = 0;
        for (let k = w.start[o]; k < w.start[o + 1]; k++) sum += w.weight[k];
        expect(sum).toBeCloseTo(1, 12);
      }
    }
  });

  it('3 -> 2 splits the middle sample in halves', () => {
    const w = areaWeights(3, 2);
    // output 0 covers [0, 1.5): 2/3 of sample 0 ... weight = overlap / 1.5
    expect(Array.from(w.index)).toEqual([0, 1, 1, 2]);
    expect(Array.from(w.weight).map((v) => +v.toFixed(12))).toEqual([0.666666666667, 0.333333333333, 0.333333333333, 0.666666666667]);
  });
});

describe('preprocessSlice', () => {
  // 4 x 4 slice, values 100..1600 row-major: min 100, max 1600
  const pixels = Float32Array.from({ length: 16 }, (_, i) => 100 * (i + 1));
  const slice = { width: 4, height: 4, pixels };

  it('normalises by the slice min/max and averages 2 x 2 areas', () => {
    const g = normaliseAndResample(slice, 2);
    // block (0,0) holds indices 0,1,4,5 -> mean (0+1+4+5)/4 / 15 = 2.5/15
    expect(g[0]).toBeCloseTo(2.5 / 15, 12);
    expect(g[1]).toBeCloseTo(4.5 / 15, 12);
    expect(g[2]).toBeCloseTo(10.5 / 15, 12);
    expect(g[3]).toBeCloseTo(12.5 / 15, 12);
    // identity at the native size: min -> 0, max -> 1
    const id = normaliseAndResample(slice, 4);
    expect(id[0]).toBe(0);
    expect(id[15]).toBe(1);
  });

  it('is invariant to a linear change of the stored values', () => {
    const shifted = { width: 4, height: 4, pixels: pixels.map((v) => 3 * v - 1024) };
    expect(preprocessSlice(shifted, 3).data).toEqual(preprocessSlice(slice, 3).data);
  });

  it('replicates to 3 channels with the ImageNet mean/std', () => {
    const p = preprocessSlice(slice, 2);
    expect(p.size).toBe(2);
    expect(p.data).toHaveLength(2 * 2 * 3);
    const g = 12.5 / 15;
    for (let c = 0; c < 3; c++) expect(p.data[3 * 3 + c]).toBeCloseTo((g - IMAGENET_MEAN[c]) / IMAGENET_STD[c], 5);
  });

  it('maps a constant slice to zeros and ignores non-finite pixels', () => {
    const flat = preprocessSlice({ width: 3, height: 3, pixels: new Float32Array(9).fill(7) }, 2);
    expect(flat.data[0]).toBeCloseTo(-IMAGENET_MEAN[0] / IMAGENET_STD[0], 6);
    const nan = Float32Array.from([0, 1, NaN, 2]);
    const g = normaliseAndResample({ width: 2, height: 2, pixels: nan }, 2);
    expect(Array.from(g)).toEqual([0, 0.5, 0, 1]);
    expect(() => normaliseAndResample({ width: 3, height: 3, pixels: new Float32Array(4) }, 2)).toThrow();
  });

  it('builds a [B, S, S, 3] batch', () => {
    const a = preprocessSlice(slice, 2);
    const b = preprocessSlice({ width: 4, height: 4, pixels: pixels.slice().reverse() }, 2);
    const t = buildBatch([a, b]);
    expect(t.shape).toEqual([2, 2, 2, 3]);
    expect(Array.from(t.dataSync().slice(12))).toEqual(Array.from(b.data));
    t.dispose();
    expect(() => buildBatch([a, preprocessSlice(slice, 3)])).toThrow();
    expect(tf.memory().numTensors).toBe(0);
  });
});

describe('preprocessing variants (PreprocessOptions)', () => {
  // 4 x 4 slice, values 100..1600 row-major
  const pixels = Float32Array.from({ length: 16 }, (_, i) => 100 * (i + 1));
  const slice = { width: 4, height: 4, pixels };

  it('equalise: each pixel becomes its mid-rank fraction, ties share the mean rank', () => {
    // 16 distinct values: value i has 0-based rank i -> (i + (i + 1)) / 32 = (i + 0.5) / 16
    expect(Array.from(normaliseAndResample(slice, 4, { normalisation: 'equalise' }))).toEqual(
      Array.from({ length: 16 }, (_, i) => (i + 0.5) / 16),
    );
    // values 0, 0, 5, 9: for 0, 0 values < and 2 values <= -> 2 / 8 = 0.25; 5: (2 + 3) / 8; 9: (3 + 4) / 8
    const tie = { width: 2, height: 2, pixels: Float32Array.from([0, 0, 5, 9]) };
    expect(Array.from(normaliseAndResample(tie, 2, { normalisation: 'equalise' }))).toEqual([0.25, 0.25, 0.625, 0.875]);
  });

  it('equalise is unchanged by any strictly increasing intensity change (gamma, window)', () => {
    const gamma = { width: 4, height: 4, pixels: pixels.map((v) => 4000 * (v / 1600) ** 0.6 - 7) };
    const eq = { normalisation: 'equalise' as const };
    expect(preprocessSlice(gamma, 2, eq).data).toEqual(preprocessSlice(slice, 2, eq).data);
    // while min/max is not
    expect(preprocessSlice(gamma, 2).data).not.toEqual(preprocessSlice(slice, 2).data);
  });

  it('percentile: clips the 1 % extremes (here an outlier among 101 values)', () => {
    // 0..99 plus one outlier 10000: ranks round(0.01 * 100) = 1 -> 1, round(0.99 * 100) = 99 -> 99
    const v = Float32Array.from([...Array.from({ length: 100 }, (_, i) => i), 10000]);
    const g = normaliseAndResample({ width: 101, height: 1, pixels: v }, 1, { normalisation: 'percentile' });
    // mean over 101 clipped values: (0 [clipped to 0] + sum_{1..99} (i-1)/98 + 1 [outlier]) / 101
    let sum = 1;
    for (let i = 1; i <= 99; i++) sum += (i - 1) / 98;
    expect(g[0]).toBeCloseTo(sum / 101, 12);
  });

  it('margin: uses only the central part, so zeroing the border band changes nothing', () => {
    const big = { width: 10, height: 10, pixels: Float32Array.from({ length: 100 }, (_, i) => (i * 37) % 101) };
    const c = centralRegion(big, 0.2); // round(0.2 * 10) = 2 pixels each side -> 6 x 6
    expect(c.width).toBe(6);
    expect(c.height).toBe(6);
    expect(c.pixels[0]).toBe(big.pixels[2 * 10 + 2]);
    expect(c.pixels[35]).toBe(big.pixels[7 * 10 + 7]);
    const cropped = { ...big, pixels: big.pixels.map((v, i) => (i % 10 < 2 || i % 10 >= 8 || i < 20 || i >= 80 ? 0 : v)) };
    for (const normalisation of ['minmax', 'equalise'] as const) {
      expect(preprocessSlice(cropped, 3, { margin: 0.2, normalisation }).data).toEqual(preprocessSlice(big, 3, { margin: 0.2, normalisation }).data);
    }
    expect(() => centralRegion(big, 0.5)).toThrow();
    expect(centralRegion(big, 0)).toBe(big);
  });

  it('rotation: turns the slice about its centre like the rotation attack, outside -> NaN', () => {
    // 3 x 3, values 1..9 row-major; +90 degrees (counter-clockwise as displayed): the top
    // row becomes the left column read bottom-up, i.e. out(x, y) = in(2 - y, x).
    const sq = { width: 3, height: 3, pixels: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]) };
    expect(Array.from(centralRegion(sq, 0, 90).pixels)).toEqual([3, 6, 9, 2, 5, 8, 1, 4, 7]);
    // Turning back by -90 restores it.
    const turned = { ...sq, pixels: centralRegion(sq, 0, 90).pixels };
    expect(Array.from(centralRegion(turned, 0, -90).pixels)).toEqual(Array.from(sq.pixels));
    // 45 degrees: the corners sample outside the slice.
    const r45 = centralRegion(sq, 0, 45).pixels;
    expect(Number.isNaN(r45[0])).toBe(true);
    expect(r45[4]).toBe(5);
    // NaN samples are left out of the statistics and read as 0.
    const g = normaliseAndResample(sq, 3, { rotation: 45 });
    expect(g[0]).toBe(0);
    expect(preprocessId({ rotation: -10, margin: 0.2, normalisation: 'equalise' })).toBe('rotate--10/margin-0.2/slice-equalise/area/grey3/imagenet-meanstd');
  });

  it('names the variants; the default keeps the original id', () => {
    expect(preprocessId()).toBe('slice-minmax/area/grey3/imagenet-meanstd');
    expect(preprocessId({ normalisation: 'equalise', margin: 0.2 })).toBe('margin-0.2/slice-equalise/area/grey3/imagenet-meanstd');
  });
});
