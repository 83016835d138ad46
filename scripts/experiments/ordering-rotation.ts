/**
 * Ordering experiment: can the receiver undo a global rotation of the series by trying
 * rotations of its own input (PreprocessOptions.rotation) and keeping the one whose
 * signature matching cost is lowest? (docs/ordering.md, "Rotation".)
 *
 *   npx tsx scripts/experiments/ordering-rotation.ts [--cache /tmp/ordering-cache]
 *     [--size 32] [--norm equalise] [--margin 0.2] [--dims 16]
 *     [--attacks rotate-10,rotate-20,clean,gauss-0.01,scale-0.3] [--angles -20,-15,...,20]
 *
 * Needs the attacked slices cached by ordering-embed.ts (<cache>/slices, seed 1) and reads
 * the clean series from disk. Prints, per attack and candidate angle, the mean matching
 * cost and the fraction of slices placed at their sender position.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SliceImage } from '../../src/ingest/types';
import { embedSlices } from '../../src/ordering/embed';
import { orderFromFeatures } from '../../src/ordering/order';
import { preprocessSlice, type Normalisation } from '../../src/ordering/preprocess';
import { makeOrderSignature, recoverOrder } from '../../src/ordering/signature';
import { loadNodeModel, readSeriesDir, REAL_SERIES_DIR } from '../lib/nodeRuntime';
import { arg } from './ordering-common';

async function main(): Promise<void> {
  const cache = arg('cache', '/tmp/ordering-cache');
  const size = Number(arg('size', '32'));
  const normalisation = arg('norm', 'equalise') as Normalisation;
  const margin = Number(arg('margin', '0.2'));
  const dims = Number(arg('dims', '16'));
  const attacks = arg('attacks', 'rotate-10,rotate-20,clean,gauss-0.01,scale-0.3').split(',');
  const angles = arg('angles', '-20,-15,-10,-5,0,5,10,15,20').split(',').map(Number);
  const series = readSeriesDir(arg('dir', REAL_SERIES_DIR));
  const n = series.names.length;
  const clean = Array.from({ length: n }, (_, i) => series.slice(i));
  const { width: w, height: h } = clean[0];
  const om = await loadNodeModel('wasm');
  const embed = (slices: SliceImage[], rotation: number) =>
    embedSlices(om.model, slices.map((s) => preprocessSlice(s, size, { normalisation, margin, rotation })), { batchSize: 8 });
  const cleanF = await embed(clean, 0);
  const senderOrder = orderFromFeatures(cleanF).order;
  const sig = makeOrderSignature(cleanF, senderOrder, { dims });
  console.log(`| attack | ${angles.map((a) => `${a}°`).join(' | ')} |\n|---|${angles.map(() => '---').join('|')}|`);
  for (const attack of attacks) {
    let slices = clean;
    if (attack !== 'clean') {
      const file = join(cache, 'slices', `${attack}__seed1.f32`);
      if (!existsSync(file)) {
        console.log(`(no cached slices for ${attack})`);
        continue;
      }
      const b = readFileSync(file);
      const all = new Float32Array(b.buffer, b.byteOffset, b.length / 4);
      slices = Array.from({ length: n }, (_, i) => ({ width: w, height: h, pixels: all.slice(i * w * h, (i + 1) * w * h) }));
    }
    const cells: string[] = [];
    for (const angle of angles) {
      const rec = recoverOrder(await embed(slices, angle), sig);
      const placed = rec.order.filter((r, p) => r === senderOrder[p]).length / n;
      cells.push(`${rec.meanCost.toFixed(3)} / ${placed.toFixed(2)}`);
    }
    console.log(`| ${attack} | ${cells.join(' | ')} |`);
  }
  om.model.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
