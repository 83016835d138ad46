import { readSeriesDir, REAL_SERIES_DIR } from './lib/nodeRuntime';
import { normaliseMinMax } from '../src/features/normalise';
import { roiMask, applyRoi } from '../src/features/roi';
import { medianFilter } from '../src/features/median';
import { resampleArea } from '../src/features/resample';
import { createSvt } from '../src/features/svt';
import { DEFAULT_FEATURE_PARAMS as P } from '../src/features/params';
import { frobeniusNorm, maxAbs, gramOfColumns } from '../src/features/linalg';
import { symmetricEigen } from '../src/features/symmetricEigen';
const s = readSeriesDir(REAL_SERIES_DIR);
for (const i of [60]) {
  const sl = s.slice(i);
  const n = new Float32Array(sl.pixels.length), f = new Float32Array(sl.pixels.length);
  normaliseMinMax(sl.pixels, n);
  const roi = roiMask(n, sl.width, sl.height, P.roiMinAreaFraction);
  applyRoi(n, roi.mask, n);
  medianFilter(n, sl.width, sl.height, 3, f);
  const d = resampleArea(f, sl.width, sl.height, 128, 128);
  const m = 128, nn = 128, size = m * nn;
  const lambda = 1 / Math.sqrt(128);
  const g = gramOfColumns(d, m, nn);
  const ev = symmetricEigen(g, nn).values;
  const norm2 = Math.sqrt(ev[0]);
  console.log('sv of D', [0,1,2,5,10,20,40,60,80,100].map(k=>Math.sqrt(Math.max(ev[k],0)).toExponential(2)).join(' '));
  const dual = Math.max(norm2, maxAbs(d) / lambda);
  const y = new Float64Array(size); for (let k = 0; k < size; k++) y[k] = d[k] / dual;
  let mu = 1.25 / norm2; const muMax = mu * 1e7;
  const svt = createSvt(m, nn, 'fast');
  const work = new Float64Array(size), L = new Float64Array(size), S = new Float64Array(size);
  const dNorm = frobeniusNorm(d);
  for (let it = 1; it <= 60; it++) {
    for (let k = 0; k < size; k++) work[k] = d[k] - S[k] + y[k] / mu;
    const t0 = performance.now();
    const rank = svt.apply(work, 1 / mu, L);
    const dt = performance.now() - t0;
    const shrink = lambda / mu; let rs = 0, nnzS = 0;
    for (let k = 0; k < size; k++) { const t = d[k] - L[k] + y[k] / mu; const sv = t > shrink ? t - shrink : t < -shrink ? t + shrink : 0; S[k] = sv; if (sv !== 0) nnzS++; const z = d[k] - L[k] - sv; y[k] += mu * z; rs += z * z; }
    mu = Math.min(mu * 1.5, muMax);
    console.log(it, 'tau', (1/ (mu/1.5)).toExponential(2), 'rank', rank, 'nnzS', nnzS, 'res', (Math.sqrt(rs) / dNorm).toExponential(2), 'svt ms', dt.toFixed(2));
    if (Math.sqrt(rs)/dNorm < 1e-7) break;
  }
}
