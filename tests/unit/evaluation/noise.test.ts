import { describe, expect, it } from 'vitest';
import { gaussianNoise } from '../../../src/evaluation/attacks/gaussianNoise';
import { speckleNoise } from '../../../src/evaluation/attacks/speckleNoise';
import { saltPepperNoise } from '../../../src/evaluation/attacks/saltPepperNoise';
import { createRng } from '../../../src/util/random';
import { img, meanVar } from './helpers';

const N = 512;
const flat = img(N, N, () => 0.5);

describe('Gaussian noise (imnoise gaussian, variance v)', () => {
  it('v = 0.01 adds zero-mean noise of variance 0.01', () => {
    const out = gaussianNoise(flat, 0.01, createRng(1));
    const { mean, variance } = meanVar(out.pixels);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.002);
    expect(variance).toBeGreaterThan(0.0097);
    expect(variance).toBeLessThan(0.0103);
  });
  it('v = 0.001 gives variance 0.001 (variance, not standard deviation)', () => {
    const { variance } = meanVar(gaussianNoise(flat, 0.001, createRng(2)).pixels);
    expect(variance).toBeGreaterThan(0.00097);
    expect(variance).toBeLessThan(0.00103);
  });
  it('clips to [0, 1]', () => {
    const out = gaussianNoise(img(64, 64, () => 0.98), 0.1, createRng(3));
    let max = -Infinity;
    let min = Infinity;
    let ones = 0;
    for (const v of out.pixels) {
      max = Math.max(max, v);
      min = Math.min(min, v);
      if (v === 1) ones++;
    }
    expect(max).toBe(1);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(ones).toBeGreaterThan(1000); // about half the pixels saturate
  });
  it('is deterministic per seed', () => {
    const a = gaussianNoise(flat, 0.01, createRng(42)).pixels;
    const b = gaussianNoise(flat, 0.01, createRng(42)).pixels;
    const c = gaussianNoise(flat, 0.01, createRng(43)).pixels;
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    expect(Buffer.from(a.buffer).equals(Buffer.from(c.buffer))).toBe(false);
  });
});

describe('speckle noise (x + x n, n uniform, mean 0, variance v)', () => {
  it('on x = 0.5, v = 0.01: variance 0.25 v and bounded support 0.5 sqrt(3 v)', () => {
    const out = speckleNoise(flat, 0.01, createRng(4));
    const { mean, variance } = meanVar(out.pixels);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.001);
    expect(variance).toBeGreaterThan(0.25 * 0.01 * 0.97);
    expect(variance).toBeLessThan(0.25 * 0.01 * 1.03);
    const bound = 0.5 * Math.sqrt(3 * 0.01);
    let maxDev = 0;
    for (const v of out.pixels) maxDev = Math.max(maxDev, Math.abs(v - 0.5));
    expect(maxDev).toBeLessThanOrEqual(bound + 1e-6);
    expect(maxDev).toBeGreaterThan(bound * 0.99); // uniform, reaches its edge
  });
  it('leaves black pixels black (multiplicative)', () => {
    const out = speckleNoise(img(32, 32, () => 0), 0.01, createRng(5));
    expect(out.pixels.every((v) => v === 0)).toBe(true);
  });
});

describe('salt & pepper noise (imnoise, density d)', () => {
  it('d = 0.01: about 1 % of pixels hit, half 0 and half 1', () => {
    const out = saltPepperNoise(flat, 0.01, createRng(6));
    let zeros = 0;
    let ones = 0;
    let other = 0;
    for (const v of out.pixels) {
      if (v === 0) zeros++;
      else if (v === 1) ones++;
      else if (v === 0.5) other++;
      else throw new Error(`unexpected value ${v}`);
    }
    const n = N * N;
    expect(Math.abs((zeros + ones) / n - 0.01)).toBeLessThan(0.0006);
    expect(Math.abs(zeros - ones)).toBeLessThan(150); // ~1311 each, sd ~36
    expect(other + zeros + ones).toBe(n);
  });
  it('d = 0.001 gives about 0.1 %', () => {
    const out = saltPepperNoise(flat, 0.001, createRng(7));
    const hit = out.pixels.filter((v) => v !== 0.5).length / (N * N);
    expect(Math.abs(hit - 0.001)).toBeLessThan(0.0002);
  });
});
