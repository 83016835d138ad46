import { describe, expect, it } from 'vitest';
import { medianFilter } from '../../../src/features/median';
import { createRng } from '../../../src/util/random';

/** Reference: gather the k x k window with edge replication, sort, take the middle. */
function referenceMedian(src: Float32Array, width: number, height: number, k: number): Float32Array {
  const out = new Float32Array(width * height);
  const r = (k - 1) / 2;
  const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, v));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const window: number[] = [];
      for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) window.push(src[clamp(y + dy, height) * width + clamp(x + dx, width)]);
      window.sort((a, b) => a - b);
      out[y * width + x] = window[(window.length - 1) / 2];
    }
  }
  return out;
}

describe('medianFilter', () => {
  it('gives the 3 x 3 medians of a known patch, borders by edge replication', () => {
    // 1 2 3
    // 4 5 6
    // 7 8 9
    const src = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const out = medianFilter(src, 3, 3, 3);
    // Each window, rows x cols after replication, sorted, middle value:
    //   (0,0): rows 0 0 1, cols 0 0 1: 1 1 1 1 2 2 4 4 5 -> 2     (0,1): cols 0 1 2: 1 1 2 2 3 3 4 5 6 -> 3
    //   (0,2): cols 1 2 2: 2 2 3 3 3 3 5 6 6 -> 3                 (1,0): rows 0 1 2: 1 1 2 4 4 5 7 7 8 -> 4
    //   (1,1): 1..9 -> 5                                          (1,2): 2 3 3 5 6 6 8 9 9 -> 6
    //   (2,0): rows 1 2 2: 4 4 5 7 7 7 7 8 8 -> 7                 (2,1): 4 5 6 7 7 8 8 9 9 -> 7
    //   (2,2): 5 6 6 8 8 9 9 9 9 -> 8
    expect([...out]).toEqual([2, 3, 3, 4, 5, 6, 7, 7, 8]);
  });

  it('removes an isolated spike and keeps a constant image constant', () => {
    const src = new Float32Array(25).fill(3);
    src[12] = 100;
    expect([...medianFilter(src, 5, 5, 3)]).toEqual(new Array(25).fill(3));
  });

  it('matches a sort-based reference for k = 3 and k = 5 on random data', () => {
    const rng = createRng(7);
    const width = 17;
    const height = 13;
    const src = Float32Array.from({ length: width * height }, () => Math.round(rng.next() * 20) / 4);
    for (const k of [3, 5]) expect([...medianFilter(src, width, height, k)]).toEqual([...referenceMedian(src, width, height, k)]);
  });

  it('rejects an even window and an aliased output', () => {
    const src = new Float32Array(9);
    expect(() => medianFilter(src, 3, 3, 2)).toThrow();
    expect(() => medianFilter(src, 3, 3, 3, src)).toThrow();
  });
});
