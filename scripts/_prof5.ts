import { readSeriesDir, REAL_SERIES_DIR } from './lib/nodeRuntime';
import { normaliseMinMax } from '../src/features/normalise';
import { roiMask, applyRoi } from '../src/features/roi';
import { medianFilter } from '../src/features/median';
import { resampleArea } from '../src/features/resample';
import { createSvt } from '../src/features/svt';
import { DEFAULT_FEATURE_PARAMS as P } from '../src/features/params';
import { frobeniusNorm, maxAbs } from '../src/features/linalg';
const s = readSeriesDir(REAL_SERIES_DIR);
for (const i of [10, 60, 100]) {
  const sl = s.slice(i);
  const n = new Float32Array(sl.pixels.length), f = new Float32Array(sl.pixels.length);
  normaliseMinMax(sl.pixels, n);
  const roi = roiMask(n, sl.width, sl.height, P.roiMinAreaFraction);
  applyRoi(n, roi.mask, n);
  medianFilter(n, sl.width, sl.height, 3, f);
  const w = resampleArea(f, sl.width, sl.height, 128, 128);
  let r0 = 128, r1 = -1, c0 = 128, c1 = -1;
  for (let y = 0; y < 128; y++) for (let x = 0; x < 128; x++) if (w[y*128+x] !== 0) { r0 = Math.min(r0, y); r1 = Math.max(r1, y); c0 = Math.min(c0, x); c1 = Math.max(c1, x); }
  console.log('slice', i, 'bbox rows', r0, r1, 'cols', c0, c1);
}
