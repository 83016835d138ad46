import { readSeriesDir, REAL_SERIES_DIR } from '../scripts/lib/nodeRuntime';
import { normaliseMinMax } from '../src/features/normalise';
import { roiMask, applyRoi } from '../src/features/roi';
import { medianFilter } from '../src/features/median';
import { resampleArea } from '../src/features/resample';
import { robustPcaIalm } from '../src/features/ialm';
import { lbpFeatureRows } from '../src/features/lbp';
import { preprocessSlice } from '../src/ordering/preprocess';
import { DEFAULT_FEATURE_PARAMS as P } from '../src/features/params';
const s = readSeriesDir(REAL_SERIES_DIR);
const t: Record<string, number[]> = {};
const rec = (k: string, f: () => any) => { const a = performance.now(); const r = f(); (t[k] ??= []).push(performance.now() - a); return r; };
for (let i = 0; i < 120; i += 6) {
  const sl = rec('decode', () => s.slice(i));
  const n = new Float32Array(sl.pixels.length), f = new Float32Array(sl.pixels.length);
  rec('norm', () => normaliseMinMax(sl.pixels, n));
  const roi = rec('roi', () => roiMask(n, sl.width, sl.height, P.roiMinAreaFraction));
  applyRoi(n, roi.mask, n);
  rec('median', () => medianFilter(n, sl.width, sl.height, 3, f));
  const w = rec('resample', () => resampleArea(f, sl.width, sl.height, 128, 128));
  const opts = { lambdaScale: 1, mu0Scale: 1.25, rho: 1.5, tol: 1e-7, maxIter: 500 };
  const e = rec('ialmExact', () => robustPcaIalm(w, 128, 128, { ...opts, svd: 'exact' }));
  const fa = rec('ialmFast', () => robustPcaIalm(w, 128, 128, { ...opts, svd: 'fast' }));
  rec('lbp', () => lbpFeatureRows(fa.lowRank, 128, 128, 'ge'));
  rec('pre128', () => preprocessSlice(sl, 128));
  (t['iters'] ??= []).push(fa.iterations); (t['rank'] ??= []).push(fa.rank);
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
for (const [k, v] of Object.entries(t)) console.log(k.padEnd(10), med(v).toFixed(2), Math.min(...v).toFixed(2), Math.max(...v).toFixed(2));
