import { readSeriesDir, REAL_SERIES_DIR } from './lib/nodeRuntime';
import { computeSliceFeatures } from '../src/features/sliceFeatures';
import { DEFAULT_FEATURE_PARAMS as P } from '../src/features/params';
import { differenceMatrix, hashBits } from '../src/features/hash';
const s = readSeriesDir(REAL_SERIES_DIR);
const N = s.names.length;
const slices = Array.from({ length: N }, (_, i) => s.slice(i));
const variants: Record<string, any> = {
  exact: { svd: 'exact', p: P },
  tol1e5: { svd: 'fast', p: { ...P, ialmTol: 1e-5 } },
  tol1e4: { svd: 'fast', p: { ...P, ialmTol: 1e-4 } },
  tol1e3: { svd: 'fast', p: { ...P, ialmTol: 1e-3 } },
  tol1e2: { svd: 'fast', p: { ...P, ialmTol: 1e-2 } },
};
const res: Record<string, any> = {};
for (const [name, v] of Object.entries(variants)) {
  const t0 = performance.now();
  const feats = slices.map((sl) => computeSliceFeatures(sl, v.p, { svd: v.svd }));
  const ms = (performance.now() - t0) / N;
  const bits = differenceMatrix(feats.map((f) => f.rows)).map((w) => hashBits(w));
  res[name] = { bits, rows: feats.map((f) => f.rows) };
  let same = 0, tot = 0, rowsSame = 0;
  for (let r = 0; r < bits.length; r++) for (let j = 0; j < 9; j++) { tot++; if (bits[r][j] === res.exact.bits[r][j]) same++; }
  for (let i = 0; i < N; i++) if (JSON.stringify(feats[i].rows) === JSON.stringify(res.exact.rows[i])) rowsSame++;
  const it = feats.map((f) => f.ialm.iterations).sort((a, b) => a - b)[N >> 1];
  console.log(name.padEnd(8), ms.toFixed(1), 'ms/slice', 'bits same', (same / tot * 100).toFixed(2), '% slices rows identical', rowsSame, '/', N, 'iters', it, 'size', feats[0].workWidth);
}
