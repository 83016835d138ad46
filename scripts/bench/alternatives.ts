/**
 * Why the fast path is what it is (docs/performance.md), measured on consecutive real slices:
 *
 * - solver variants: which shortcuts keep the hash bits of the exact baseline (full SVD, paper
 *   tolerance, same low-rank mask) and which do not;
 * - the new defaults against the previous ones (low-rank part read everywhere, tolerance 1e-7):
 *   bit and block accuracy of the hashes under a few of the paper's attacks, order given.
 */
import { differenceMatrix, hashBits } from '../../src/features/hash';
import { robustPcaIalm, type IalmOptions } from '../../src/features/ialm';
import { lbpFeatureRows } from '../../src/features/lbp';
import { medianFilter } from '../../src/features/median';
import { normaliseMinMax } from '../../src/features/normalise';
import { DEFAULT_FEATURE_PARAMS, type FeatureParams, type SliceLbpRows } from '../../src/features/params';
import { resampleArea } from '../../src/features/resample';
import { applyRoi, roiMask } from '../../src/features/roi';
import { applyAttackToSlice } from '../../src/evaluation/attacks/registry';
import type { SliceImage } from '../../src/ingest';
import { readSeriesDir } from '../lib/nodeRuntime';
import { timed } from './stats';

export interface SolverVariant {
  label: string;
  iterations: number;
  cpuMsPerSlice: number;
  /** Percentage of hash bits equal to the exact baseline's. */
  sameBitsPct: number;
}

export interface MaskRobustness {
  attack: string;
  /** The previous defaults: low-rank part read everywhere, tolerance 1e-7. */
  before: { bit: number; block: number };
  /** The page's settings now (DEFAULT_FEATURE_PARAMS). */
  after: { bit: number; block: number };
}

export interface AlternativesResult {
  slices: number;
  first: number;
  variants: SolverVariant[];
  robustness: MaskRobustness[];
}

function workImage(slice: SliceImage, p: FeatureParams): Float64Array {
  const { width, height } = slice;
  const n = normaliseMinMax(slice.pixels);
  applyRoi(n, roiMask(n, width, height, p.roiMinAreaFraction).mask, n);
  return resampleArea(medianFilter(n, width, height, p.medianSize), width, height, p.workSize, p.workSize);
}

function rowsOf(work: Float64Array, p: FeatureParams, o: IalmOptions, mask: boolean): { rows: SliceLbpRows; iterations: number } {
  const r = robustPcaIalm(work, p.workSize, p.workSize, o);
  if (mask) for (let i = 0; i < r.lowRank.length; i++) if (work[i] === 0) r.lowRank[i] = 0;
  return { rows: lbpFeatureRows(r.lowRank, p.workSize, p.workSize, p.lbpCompare), iterations: r.iterations };
}

function bitsOf(rows: SliceLbpRows[]): Uint8Array[] {
  return differenceMatrix(rows).map((w) => hashBits(w));
}

function compare(a: Uint8Array[], b: Uint8Array[]): { bit: number; block: number } {
  let bits = 0;
  let blocks = 0;
  for (let r = 0; r < a.length; r++) {
    let all = true;
    for (let j = 0; j < a[r].length; j++) {
      if (a[r][j] === b[r][j]) bits++;
      else all = false;
    }
    if (all) blocks++;
  }
  return { bit: bits / (a.length * 9), block: blocks / a.length };
}

export function benchAlternatives(dir: string, count: number, attacks: string[], log: (line: string) => void): AlternativesResult {
  const p = DEFAULT_FEATURE_PARAMS;
  const series = readSeriesDir(dir);
  const first = Math.max(0, Math.floor(series.names.length / 2) - Math.floor(count / 2));
  const slices = Array.from({ length: Math.min(count, series.names.length - first) }, (_, i) => series.slice(first + i));
  const works = slices.map((s) => workImage(s, p));
  const ialm = (over: Partial<IalmOptions>): IalmOptions => ({
    lambdaScale: p.ialmLambdaScale,
    mu0Scale: p.ialmMu0Scale,
    rho: p.ialmRho,
    tol: p.ialmTol,
    maxIter: p.ialmMaxIter,
    svd: 'fast',
    ...over,
  });
  const exact = bitsOf(works.map((w) => rowsOf(w, p, ialm({ tol: 1e-7, svd: 'exact' }), true).rows));
  const variants: SolverVariant[] = [];
  const plans: { label: string; o: IalmOptions; mask: boolean }[] = [
    { label: `page: partial eigensolver, tolerance ${p.ialmTol.toExponential()}, low-rank mask 'roi'`, o: ialm({}), mask: true },
    { label: 'tolerance 1e-4 (mask roi)', o: ialm({ tol: 1e-4 }), mask: true },
    { label: 'tolerance 1e-3 (mask roi)', o: ialm({ tol: 1e-3 }), mask: true },
    { label: 'rho 2 instead of 1.5, tolerance 1e-7 (mask roi)', o: ialm({ rho: 2, tol: 1e-7 }), mask: true },
    { label: 'rho 3, tolerance 1e-7 (mask roi)', o: ialm({ rho: 3, tol: 1e-7 }), mask: true },
    { label: 'near the RPCA optimum: rho 1.1, tolerance 1e-9, no mu cap (mask roi)', o: ialm({ rho: 1.1, tol: 1e-9, maxIter: 1000, muMaxScale: 1e12 }), mask: true },
    { label: `tolerance ${p.ialmTol.toExponential()} without the mask, against the exact baseline without it`, o: ialm({}), mask: false },
  ];
  const exactLiteral = bitsOf(works.map((w) => rowsOf(w, p, ialm({ tol: 1e-7, svd: 'exact' }), false).rows));
  for (const plan of plans) {
    let its = 0;
    const { value: rows, sample } = timed(() =>
      works.map((w) => {
        const r = rowsOf(w, p, plan.o, plan.mask);
        its += r.iterations;
        return r.rows;
      }),
    );
    const same = compare(bitsOf(rows), plan.mask ? exact : exactLiteral).bit;
    variants.push({ label: plan.label, iterations: its / works.length, cpuMsPerSlice: sample.cpuMs / works.length, sameBitsPct: 100 * same });
    log(`  variant ${plan.label}: ${(100 * same).toFixed(2)} % bits`);
  }

  const robustness: MaskRobustness[] = [];
  const previous = ialm({ tol: 1e-7 });
  const both = (w: Float64Array) => ({ before: rowsOf(w, p, previous, false).rows, after: rowsOf(w, p, ialm({}), p.lowRankMask === 'roi').rows });
  const clean = works.map(both);
  const cleanBefore = bitsOf(clean.map((c) => c.before));
  const cleanAfter = bitsOf(clean.map((c) => c.after));
  for (const attack of attacks) {
    const rows = slices.map((s, i) => both(workImage(applyAttackToSlice(s, attack, 1, { sliceIndex: first + i }), p)));
    robustness.push({
      attack,
      before: compare(cleanBefore, bitsOf(rows.map((r) => r.before))),
      after: compare(cleanAfter, bitsOf(rows.map((r) => r.after))),
    });
    log(`  attack ${attack} done`);
  }
  return { slices: slices.length, first, variants, robustness };
}
