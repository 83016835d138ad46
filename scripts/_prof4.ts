import { readSeriesDir, REAL_SERIES_DIR } from './lib/nodeRuntime';
import { normaliseMinMax } from '../src/features/normalise';
import { roiMask, applyRoi } from '../src/features/roi';
import { medianFilter } from '../src/features/median';
import { resampleArea } from '../src/features/resample';
import { robustPcaIalm } from '../src/features/ialm';
import { lbpFeatureRows } from '../src/features/lbp';
import { differenceMatrix, hashBits } from '../src/features/hash';
import { DEFAULT_FEATURE_PARAMS as P } from '../src/features/params';
const s = readSeriesDir(REAL_SERIES_DIR);
const N = s.names.length;
const works = Array.from({ length: N }, (_, i) => {
  const sl = s.slice(i);
  const n = new Float32Array(sl.pixels.length), f = new Float32Array(sl.pixels.length);
  normaliseMinMax(sl.pixels, n);
  const roi = roiMask(n, sl.width, sl.height, P.roiMinAreaFraction);
  applyRoi(n, roi.mask, n);
  medianFilter(n, sl.width, sl.height, 3, f);
  return resampleArea(f, sl.width, sl.height, 128, 128);
});
const base = { lambdaScale: 1, mu0Scale: 1.25, rho: 1.5, tol: 1e-7, maxIter: 500, svd: 'fast' as const };
function run(opts: any, mask: boolean, quantum = 0) {
  const t0 = performance.now();
  let its = 0;
  const rows = works.map((w) => {
    const r = robustPcaIalm(w, 128, 128, opts);
    its += r.iterations;
    const m = r.lowRank;
    if (mask) for (let k = 0; k < m.length; k++) if (w[k] === 0) m[k] = 0;
    if (quantum > 0) for (let k = 0; k < m.length; k++) m[k] = Math.round(m[k] / quantum);
    return lbpFeatureRows(m, 128, 128, 'ge');
  });
  return { bits: differenceMatrix(rows).map(hashBits), ms: (performance.now() - t0) / N, its: its / N };
}
function agree(a: Uint8Array[], b: Uint8Array[]) { let s = 0, t = 0; for (let r = 0; r < a.length; r++) for (let j = 0; j < 9; j++) { t++; if (a[r][j] === b[r][j]) s++; } return (100 * s / t).toFixed(2); }
const ex = run({ ...base, svd: 'exact' }, false);
const exM = run({ ...base, svd: 'exact' }, true);
console.log('masked exact vs unmasked exact', agree(ex.bits, exM.bits));
for (const q of [0, 1 / 4096]) {
  const exQ = q ? run({ ...base, svd: 'exact' }, true, q) : exM;
  for (const tol of [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 3e-2]) {
    const r = run({ ...base, tol }, true, q);
    console.log('q', q, 'tol', tol, 'its', r.its.toFixed(1), 'ms', r.ms.toFixed(1), 'agree masked', agree(exQ.bits, r.bits));
  }
}
