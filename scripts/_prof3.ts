import { readSeriesDir, REAL_SERIES_DIR } from './lib/nodeRuntime';
import { normaliseMinMax } from '../src/features/normalise';
import { roiMask, applyRoi } from '../src/features/roi';
import { medianFilter } from '../src/features/median';
import { resampleArea } from '../src/features/resample';
import { robustPcaIalm } from '../src/features/ialm';
import { lbpCodes } from '../src/features/lbp';
import { DEFAULT_FEATURE_PARAMS as P } from '../src/features/params';
const s = readSeriesDir(REAL_SERIES_DIR);
for (const i of [10, 60, 100]) {
  const sl = s.slice(i);
  const n = new Float32Array(sl.pixels.length), f = new Float32Array(sl.pixels.length);
  normaliseMinMax(sl.pixels, n);
  const roi = roiMask(n, sl.width, sl.height, P.roiMinAreaFraction);
  applyRoi(n, roi.mask, n);
  medianFilter(n, sl.width, sl.height, 3, f);
  const w = resampleArea(f, sl.width, sl.height, 128, 128);
  const opts = { lambdaScale: 1, mu0Scale: 1.25, rho: 1.5, tol: 1e-7, maxIter: 500 };
  const e = robustPcaIalm(w, 128, 128, { ...opts, svd: 'exact' });
  const a = robustPcaIalm(w, 128, 128, { ...opts, tol: 1e-5, svd: 'fast' });
  let zeroD = 0, zeroDsmallM = 0, sZero = 0;
  const absM: number[] = [];
  for (let k = 0; k < w.length; k++) {
    if (w[k] === 0) { zeroD++; absM.push(Math.abs(e.lowRank[k])); }
    if (e.sparse[k] === 0) sZero++;
  }
  absM.sort((x, y) => x - y);
  const ce = lbpCodes(e.lowRank, 128, 0, 0, 128, 128, 'ge').codes, ca = lbpCodes(a.lowRank, 128, 0, 0, 128, 128, 'ge').codes;
  let diff = 0, diffInZero = 0;
  for (let y = 0; y < 126; y++) for (let x = 0; x < 126; x++) { const k = y * 126 + x; if (ce[k] !== ca[k]) { diff++; if (w[(y + 1) * 128 + x + 1] === 0) diffInZero++; } }
  // min |neighbour diff| distribution of M inside
  let tiny = 0;
  for (let y = 1; y < 127; y++) for (let x = 1; x < 127; x++) { const c = e.lowRank[y*128+x]; const d = Math.abs(e.lowRank[y*128+x+1]-c); if (d < 1e-6 && d > 0) tiny++; }
  console.log('slice', i, 'zeroD', zeroD, 'S zeros', sZero, 'absM@D=0 quantiles', absM[0], absM[absM.length>>1], absM[absM.length-1], 'code diffs', diff, 'in D=0', diffInZero, 'tiny horiz diffs', tiny, 'rank', e.rank, 'maxdiff', Math.max(...e.lowRank.map((v, k) => Math.abs(v - a.lowRank[k]))));
}
