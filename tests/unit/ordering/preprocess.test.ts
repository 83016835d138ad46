import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import {
  IMAGENET_MEAN,
  IMAGENET_STD,
  areaWeights,
  buildBatch,
  normaliseAndResample,
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
