/**
 * The attack settings of the paper's Table 1 (Tan et al. 2020, section 5.1; NOTES section 3),
 * with stable ids, the paper's labels and the paper's own bit and block accuracy.
 *
 * Note: Table 1 (and the NOTES copy of it) has 32 settings, not 31: 7 families with 3 settings
 * (Gaussian, speckle and salt & pepper noise, median, mean and Gaussian filtering, intensity
 * adjust), scaling with 3, and edge cropping, rotation, gamma correction and JPEG with 2.
 *
 * applyAttackToSlice: the slice (modality values) is scaled to [0, 1] by its own minimum and
 * maximum (as Matlab's imnoise / imfilter see a double image), attacked, and mapped back with
 * the same minimum and maximum:  v' = min + a(x) * (max - min),  x = (v - min) / (max - min).
 * The result is what a receiver would re-read from an attacked series stored in the original
 * range. By default ('auto') the output is rounded to integers when every input value is an
 * integer (stored DICOM pixels are integers), and kept as float otherwise. A constant slice
 * (max = min) maps to x = 0 everywhere.
 * Random attacks draw from createRng(sliceSeed(seed, sliceIndex)), so a series attack is
 * deterministic per (seed, slice index) and independent of the order slices are processed in.
 */
import type { SliceImage } from '../../ingest/types';
import { createRng, type Rng } from '../../util/random';
import { edgeCrop } from './edgeCrop';
import { gammaCorrection } from './gammaCorrection';
import { gaussianFilter } from './gaussianFilter';
import { gaussianNoise } from './gaussianNoise';
import type { UnitImage } from './image';
import { imadjust } from './intensityAdjust';
import { jpegCompress } from './jpeg';
import { meanFilter } from './meanFilter';
import { medianFilter } from './medianFilter';
import { rotate } from './rotate';
import { saltPepperNoise } from './saltPepperNoise';
import { scaleAttack } from './scale';
import { speckleNoise } from './speckleNoise';

export type AttackFamily =
  | 'gaussian-noise'
  | 'speckle-noise'
  | 'salt-pepper'
  | 'median-filter'
  | 'mean-filter'
  | 'gaussian-filter'
  | 'intensity-adjust'
  | 'edge-crop'
  | 'rotate'
  | 'scaling'
  | 'gamma-correction'
  | 'jpeg';

export interface AttackSetting {
  /** stable id, e.g. 'gauss-0.01', 'median-3', 'rotate-10', 'jpeg-10' */
  id: string;
  /** label as in the paper / NOTES table, e.g. 'Gauss 0.01' */
  label: string;
  family: AttackFamily;
  /** the setting's single parameter (variance, density, window size, gamma, fraction, degrees, factor, quality) */
  param: number;
  /** whether the attack draws random numbers */
  random: boolean;
  /** the paper's Table 1 figures */
  paper: { bit: number; block: number };
  /** apply to a [0, 1] image */
  apply(img: UnitImage, rng: Rng): UnitImage;
}

function s(
  id: string,
  label: string,
  family: AttackFamily,
  param: number,
  bit: number,
  block: number,
  random: boolean,
  apply: (img: UnitImage, rng: Rng) => UnitImage,
): AttackSetting {
  return Object.freeze({ id, label, family, param, random, paper: Object.freeze({ bit, block }), apply });
}

export const ATTACKS: readonly AttackSetting[] = Object.freeze([
  s('gauss-0.01', 'Gauss 0.01', 'gaussian-noise', 0.01, 0.9863, 0.8814, true, (i, r) => gaussianNoise(i, 0.01, r)),
  s('gauss-0.005', 'Gauss 0.005', 'gaussian-noise', 0.005, 0.9908, 0.9204, true, (i, r) => gaussianNoise(i, 0.005, r)),
  s('gauss-0.001', 'Gauss 0.001', 'gaussian-noise', 0.001, 0.9934, 0.9423, true, (i, r) => gaussianNoise(i, 0.001, r)),
  s('speckle-0.01', 'Speckle 0.01', 'speckle-noise', 0.01, 0.9932, 0.9407, true, (i, r) => speckleNoise(i, 0.01, r)),
  s('speckle-0.005', 'Speckle 0.005', 'speckle-noise', 0.005, 0.9938, 0.9454, true, (i, r) => speckleNoise(i, 0.005, r)),
  s('speckle-0.001', 'Speckle 0.001', 'speckle-noise', 0.001, 0.9945, 0.9516, true, (i, r) => speckleNoise(i, 0.001, r)),
  s('saltpepper-0.01', 'Salt & pepper 0.01', 'salt-pepper', 0.01, 0.9938, 0.9454, true, (i, r) => saltPepperNoise(i, 0.01, r)),
  s('saltpepper-0.005', 'Salt & pepper 0.005', 'salt-pepper', 0.005, 0.9941, 0.9501, true, (i, r) => saltPepperNoise(i, 0.005, r)),
  s('saltpepper-0.001', 'Salt & pepper 0.001', 'salt-pepper', 0.001, 0.9955, 0.9641, true, (i, r) => saltPepperNoise(i, 0.001, r)),
  s('median-3', 'Median 3x3', 'median-filter', 3, 0.9922, 0.9329, false, (i) => medianFilter(i, 3)),
  s('median-5', 'Median 5x5', 'median-filter', 5, 0.9882, 0.9329, false, (i) => medianFilter(i, 5)),
  s('median-7', 'Median 7x7', 'median-filter', 7, 0.9816, 0.8424, false, (i) => medianFilter(i, 7)),
  s('mean-3', 'Mean 3x3', 'mean-filter', 3, 0.9638, 0.7239, false, (i) => meanFilter(i, 3)),
  s('mean-5', 'Mean 5x5', 'mean-filter', 5, 0.9683, 0.7598, false, (i) => meanFilter(i, 5)),
  s('mean-7', 'Mean 7x7', 'mean-filter', 7, 0.9657, 0.7161, false, (i) => meanFilter(i, 7)),
  s('gaussfilter-3', 'Gauss filter 3x3', 'gaussian-filter', 3, 0.9939, 0.9501, false, (i) => gaussianFilter(i, 3, 0.5)),
  s('gaussfilter-5', 'Gauss filter 5x5', 'gaussian-filter', 5, 0.9939, 0.947, false, (i) => gaussianFilter(i, 5, 0.5)),
  s('gaussfilter-7', 'Gauss filter 7x7', 'gaussian-filter', 7, 0.9941, 0.9485, false, (i) => gaussianFilter(i, 7, 0.5)),
  s('imadjust-0.5', 'Intensity gamma 0.5', 'intensity-adjust', 0.5, 0.9889, 0.9048, false, (i) => imadjust(i, { gamma: 0.5 })),
  s('imadjust-0.7', 'Intensity gamma 0.7', 'intensity-adjust', 0.7, 0.9905, 0.9142, false, (i) => imadjust(i, { gamma: 0.7 })),
  s('imadjust-1.3', 'Intensity gamma 1.3', 'intensity-adjust', 1.3, 0.9743, 0.8003, false, (i) => imadjust(i, { gamma: 1.3 })),
  s('crop-10', 'Edge crop 10 %', 'edge-crop', 0.1, 0.9853, 0.8705, false, (i) => edgeCrop(i, 0.1)),
  s('crop-20', 'Edge crop 20 %', 'edge-crop', 0.2, 0.9685, 0.7504, false, (i) => edgeCrop(i, 0.2)),
  s('rotate-10', 'Rotate 10', 'rotate', 10, 0.8851, 0.2839, false, (i) => rotate(i, 10)),
  s('rotate-20', 'Rotate 20', 'rotate', 20, 0.8005, 0.1045, false, (i) => rotate(i, 20)),
  s('scale-0.3', 'Scaling 0.3', 'scaling', 0.3, 0.9825, 0.8518, false, (i) => scaleAttack(i, 0.3)),
  s('scale-0.5', 'Scaling 0.5', 'scaling', 0.5, 0.9898, 0.9111, false, (i) => scaleAttack(i, 0.5)),
  s('scale-1.5', 'Scaling 1.5', 'scaling', 1.5, 0.9889, 0.9033, false, (i) => scaleAttack(i, 1.5)),
  s('gamma-0.8', 'Gamma corr. 0.8', 'gamma-correction', 0.8, 0.9794, 0.8268, false, (i) => gammaCorrection(i, 0.8)),
  s('gamma-0.9', 'Gamma corr. 0.9', 'gamma-correction', 0.9, 0.9873, 0.8924, false, (i) => gammaCorrection(i, 0.9)),
  s('jpeg-10', 'JPEG Q=10', 'jpeg', 10, 0.9936, 0.9423, false, (i) => jpegCompress(i, 10)),
  s('jpeg-50', 'JPEG Q=50', 'jpeg', 50, 0.9938, 0.9485, false, (i) => jpegCompress(i, 50)),
]);

const BY_ID = new Map(ATTACKS.map((a) => [a.id, a]));

export const ATTACK_IDS: readonly string[] = Object.freeze(ATTACKS.map((a) => a.id));

export function getAttack(id: string): AttackSetting {
  const a = BY_ID.get(id);
  if (!a) throw new RangeError(`unknown attack id '${id}'`);
  return a;
}

/** Mix a base seed and a slice index into one 32-bit seed (murmur3 finaliser). */
export function sliceSeed(seed: number, sliceIndex: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul((sliceIndex >>> 0) + 0x7f4a7c15, 0x85ebca77)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

export interface ApplyAttackOptions {
  /** index of the slice in its series (mixed into the seed); default 0 */
  sliceIndex?: number;
  /** 'auto' (default): round when all input values are integers; 'integer': always; 'none': never */
  rounding?: 'auto' | 'integer' | 'none';
}

/** Scale a slice to [0, 1] by its own min and max; returns the unit image and the range. */
export function toUnit(slice: SliceImage): { unit: UnitImage; min: number; max: number } {
  const p = slice.pixels;
  if (p.length !== slice.width * slice.height) throw new RangeError('slice pixel count mismatch');
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) throw new RangeError('slice has non-finite or no pixels');
  const span = max - min;
  const out = new Float32Array(p.length);
  if (span > 0) for (let i = 0; i < p.length; i++) out[i] = (p[i] - min) / span;
  return { unit: { width: slice.width, height: slice.height, pixels: out }, min, max };
}

/** Matlab's round: halves away from zero. */
function roundHalfAway(v: number): number {
  return v < 0 ? -Math.round(-v) : Math.round(v);
}

function allIntegers(p: Float32Array): boolean {
  for (let i = 0; i < p.length; i++) if (!Number.isInteger(p[i])) return false;
  return true;
}

export function applyAttackToSlice(
  slice: SliceImage,
  attackId: string,
  seed: number,
  options: ApplyAttackOptions = {},
): SliceImage {
  const attack = getAttack(attackId);
  const { unit, min, max } = toUnit(slice);
  const rng = createRng(sliceSeed(seed, options.sliceIndex ?? 0));
  const attacked = attack.apply(unit, rng);
  const rounding = options.rounding ?? 'auto';
  const round = rounding === 'integer' || (rounding === 'auto' && allIntegers(slice.pixels));
  const span = max - min;
  const out = new Float32Array(attacked.pixels.length);
  for (let i = 0; i < out.length; i++) {
    const v = min + attacked.pixels[i] * span;
    out[i] = round ? roundHalfAway(v) : v;
  }
  return { width: attacked.width, height: attacked.height, pixels: out };
}

/** Attack every slice of a series; slice i uses sliceSeed(seed, i). */
export function applyAttackToSeries(
  slices: readonly SliceImage[],
  attackId: string,
  seed: number,
  options: Omit<ApplyAttackOptions, 'sliceIndex'> = {},
): SliceImage[] {
  return slices.map((sl, i) => applyAttackToSlice(sl, attackId, seed, { ...options, sliceIndex: i }));
}
