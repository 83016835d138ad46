/**
 * Ordering experiment, step 1 of 2: DenseNet features of a real series, clean and attacked,
 * cached on disk for ordering-compare.ts (docs/ordering.md).
 *
 *   npx tsx scripts/experiments/ordering-embed.ts [--dir ../shared/data/vs-seg-mr]
 *     [--out /tmp/ordering-cache] [--sizes 64] [--norms minmax,percentile,equalise+m0.2]
 *     [--attacks clean,gauss-0.01,...|all] [--seed 1] [--backend wasm]
 *
 * Slices are taken in spatial order (readSeriesDir sorts by Image Position), so index i of
 * every cached matrix is the i-th slice along the body: the anatomical ground truth. Each
 * attack is applied to every slice as in NOTES section 3 (applyAttackToSlice, seed, slice
 * index). Output: <out>/<attack>__<norm>__<size>.f32, N x featureLength Float32 (little
 * endian, row i = slice i), and <out>/meta.json; the attacked slices in <out>/slices. A norm is a preprocessing variant:
 * minmax | percentile | equalise, optionally '+m<margin>' (PreprocessOptions.margin). Existing files are skipped (resumable).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyAttackToSlice, ATTACK_IDS } from '../../src/evaluation/attacks/registry';
import type { SliceImage } from '../../src/ingest/types';
import { embedSlices } from '../../src/ordering/embed';
import { preprocessSlice, type Normalisation, type PreprocessOptions } from '../../src/ordering/preprocess';
import { loadNodeModel, readSeriesDir, REAL_SERIES_DIR } from '../lib/nodeRuntime';
import { arg, DEFAULT_ATTACKS } from './ordering-common';



/** 'minmax', 'percentile', 'equalise', optionally with '+m<margin>' (e.g. 'equalise+m0.2'). */
function variant(name: string): PreprocessOptions {
  const [norm, m] = name.split('+m');
  return { normalisation: norm as Normalisation, margin: m === undefined ? 0 : Number(m) };
}

async function main(): Promise<void> {
  const dir = arg('dir', REAL_SERIES_DIR);
  const out = arg('out', '/tmp/ordering-cache');
  const sizes = arg('sizes', '64').split(',').map(Number);
  const norms = arg('norms', 'minmax').split(',');
  const attacksArg = arg('attacks', DEFAULT_ATTACKS.join(','));
  const attacks = attacksArg === 'all' ? ['clean', ...ATTACK_IDS] : attacksArg.split(',');
  const seed = Number(arg('seed', '1'));
  const backend = arg('backend', 'wasm') as 'wasm' | 'cpu';
  mkdirSync(out, { recursive: true });

  const series = readSeriesDir(dir);
  const n = series.names.length;
  const clean: SliceImage[] = Array.from({ length: n }, (_, i) => series.slice(i));
  const om = await loadNodeModel(backend);
  writeFileSync(join(out, 'meta.json'), JSON.stringify({ dir, n, seed, backend, fingerprint: om.fingerprint, featureLength: om.featureLength }, null, 1));
  console.log(`${n} slices of ${clean[0].width}x${clean[0].height} from ${dir}; model ${om.fingerprint.slice(0, 12)}`);

  // Attacked slices are cached too (--slice-cache, default <out>/slices), as the attacks take longer than a small embedding.
  const sliceCache = arg('slice-cache', join(out, 'slices'));
  mkdirSync(sliceCache, { recursive: true });
  const { width: w, height: h } = clean[0];
  const attacked = (attack: string): SliceImage[] => {
    const file = join(sliceCache, `${attack}__seed${seed}.f32`);
    if (existsSync(file)) {
      const b = readFileSync(file);
      const all = new Float32Array(b.buffer, b.byteOffset, b.length / 4);
      return Array.from({ length: n }, (_, i) => ({ width: w, height: h, pixels: all.slice(i * w * h, (i + 1) * w * h) }));
    }
    const slices = clean.map((s, i) => applyAttackToSlice(s, attack, seed, { sliceIndex: i }));
    const all = new Float32Array(n * w * h);
    slices.forEach((s, i) => all.set(s.pixels, i * w * h));
    writeFileSync(file, new Uint8Array(all.buffer));
    return slices;
  };

  for (const attack of attacks) {
    const todo = sizes.flatMap((size) => norms.map((norm) => ({ size, norm, file: join(out, `${attack}__${norm}__${size}.f32`) }))).filter((t) => !existsSync(t.file));
    if (todo.length === 0) continue;
    const t0 = performance.now();
    const slices = attack === 'clean' ? clean : attacked(attack);
    const t1 = performance.now();
    for (const { size, norm, file } of todo) {
      const inputs = slices.map((s) => preprocessSlice(s, size, variant(norm)));
      const feats = await embedSlices(om.model, inputs, { batchSize: 8 });
      const buf = new Float32Array(n * feats[0].length);
      feats.forEach((f, i) => buf.set(f, i * f.length));
      writeFileSync(file, new Uint8Array(buf.buffer));
    }
    console.log(`${attack}: attack ${((t1 - t0) / 1000).toFixed(1)} s, embed ${todo.length} variant(s) ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  }
  om.model.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
