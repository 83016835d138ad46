/**
 * Ordering experiment: the chosen method ('signature-match': SIGNATURE_MATCH_PREPROCESS,
 * input 32, 32-dim signature, recoverOrderWithRotationSearch) under every attack of the
 * registry, plus lost slices and another series (docs/ordering.md, "All attacks").
 *
 *   npx tsx scripts/experiments/ordering-winner.ts [--cache /tmp/ordering-cache]
 *     [--attacks all|id,id] [--dims 32] [--size 32] [--seed 1]
 *
 * Uses the attacked slices and the features cached by ordering-embed.ts when present
 * (<cache>/slices/<attack>__seed<seed>.f32, <cache>/<attack>__equalise+m0.2__<size>.f32),
 * otherwise attacks and embeds on the fly. The receiver gets the slices shuffled.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyAttackToSlice, ATTACK_IDS } from '../../src/evaluation/attacks/registry';
import { orderAgreement } from '../../src/evaluation/metrics';
import type { SliceImage } from '../../src/ingest/types';
import { embedSlices } from '../../src/ordering/embed';
import { SIGNATURE_MATCH_PREPROCESS } from '../../src/ordering/params';
import { preprocessSlice } from '../../src/ordering/preprocess';
import { makeOrderSignature, recoverOrder, recoverOrderWithRotationSearch, senderOrderAndSignature } from '../../src/ordering/signature';
import { createRng } from '../../src/util/random';
import { loadNodeModel, readSeriesDir, REAL_SERIES_DIR } from '../lib/nodeRuntime';
import { arg } from './ordering-common';

function shuffle(n: number, seed: number): number[] {
  const rng = createRng(seed);
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

async function main(): Promise<void> {
  const cache = arg('cache', '/tmp/ordering-cache');
  const size = Number(arg('size', '32'));
  const dims = Number(arg('dims', '32'));
  const seed = Number(arg('seed', '1'));
  const attacksArg = arg('attacks', 'all');
  const attacks = ['clean', ...(attacksArg === 'all' ? ATTACK_IDS : attacksArg.split(','))];
  const series = readSeriesDir(arg('dir', REAL_SERIES_DIR));
  const n = series.names.length;
  const clean = Array.from({ length: n }, (_, i) => series.slice(i));
  const { width: w, height: h } = clean[0];
  const om = await loadNodeModel('wasm');
  const embed = (slices: readonly SliceImage[], rotation = 0) =>
    embedSlices(om.model, slices.map((s) => preprocessSlice(s, size, { ...SIGNATURE_MATCH_PREPROCESS, rotation })), { batchSize: 8 });
  const cachedFeatures = (attack: string): Float32Array[] | null => {
    const file = join(cache, `${attack}__equalise+m0.2__${size}.f32`);
    if (!existsSync(file)) return null;
    const b = readFileSync(file);
    const all = new Float32Array(b.buffer, b.byteOffset, b.length / 4);
    const len = all.length / n;
    return Array.from({ length: n }, (_, i) => all.slice(i * len, (i + 1) * len));
  };
  const attacked = (attack: string): SliceImage[] => {
    if (attack === 'clean') return clean;
    const file = join(cache, 'slices', `${attack}__seed${seed}.f32`);
    if (existsSync(file)) {
      const b = readFileSync(file);
      const all = new Float32Array(b.buffer, b.byteOffset, b.length / 4);
      return Array.from({ length: n }, (_, i) => ({ width: w, height: h, pixels: all.slice(i * w * h, (i + 1) * w * h) }));
    }
    return clean.map((s, i) => applyAttackToSlice(s, attack, seed, { sliceIndex: i }));
  };

  const cleanF = cachedFeatures('clean') ?? (await embed(clean));
  const { order: sender, signature } = senderOrderAndSignature(cleanF, { dims });
  const sig16 = makeOrderSignature(cleanF, sender, { dims: 16 });
  const perm = shuffle(n, 12345); // received slice r is spatial slice perm[r]
  console.log(`signature: ${signature.length} bytes for ${n} slices (${dims} dims)\n`);
  console.log('| attack | slices in place | pairs in place | Kendall tau | exact | mean cost | rotation found | passes | 16 dims, no search: slices |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  const lostRows: string[] = [];
  for (const attack of attacks) {
    const t0 = performance.now();
    let slices: SliceImage[] | null = null;
    const sl = () => (slices ??= attacked(attack));
    const f0 = cachedFeatures(attack) ?? (await embed(sl()));
    const recv0 = perm.map((i) => f0[i]);
    const res = await recoverOrderWithRotationSearch(signature, async (rot) => {
      if (rot === 0) return recv0;
      const f = await embed(perm.map((i) => sl()[i]), rot);
      return f;
    });
    const got = res.order.map((r) => (r >= 0 ? perm[r] : -1));
    const inPlace = got.filter((s, p) => s === sender[p]).length / n;
    let pairs = 0;
    for (let p = 0; p + 1 < n; p++) if (got[p] === sender[p] && got[p + 1] === sender[p + 1]) pairs++;
    const agree = orderAgreement(sender, got);
    const r16 = recoverOrder(recv0, sig16).order.map((r) => perm[r]);
    const in16 = r16.filter((s, p) => s === sender[p]).length / n;
    console.log(
      `| ${attack} | ${inPlace.toFixed(2)} | ${(pairs / (n - 1)).toFixed(2)} | ${agree.kendallTau.toFixed(3)} | ${agree.exact ? 'yes' : 'no'} | ` +
        `${res.meanCost.toFixed(3)} | ${res.rotation} | ${res.tried.length} | ${in16.toFixed(2)} |`,
    );
    if (process.env.VERBOSE) console.log(`  ${((performance.now() - t0) / 1000).toFixed(1)} s, tried ${res.tried.map((t) => `${t.rotation}:${t.meanCost.toFixed(3)}`).join(' ')}`);
    // Lost slices: 10 % and 25 % of the received slices missing (no rotation search).
    for (const frac of [0.1, 0.25]) {
      const keep = shuffle(n, 777).slice(0, Math.round((1 - frac) * n));
      const rec = recoverOrder(keep.map((r) => recv0[r]), signature);
      let ok = 0;
      rec.positionOf.forEach((p, k) => {
        if (p >= 0 && sender[p] === perm[keep[k]]) ok++;
      });
      lostRows.push(`| ${attack} | ${frac} | ${(ok / keep.length).toFixed(2)} | ${rec.meanCost.toFixed(3)} |`);
    }
  }
  console.log('\n| attack | fraction lost | received slices placed correctly | mean cost |\n|---|---|---|---|\n' + lostRows.join('\n'));
  // Another series (proxy): the first half's signature against the second half's clean slices.
  const half = Math.floor(n / 2);
  const firstHalf = senderOrderAndSignature(cleanF.slice(0, half), { dims });
  console.log(`\nanother series (proxy: signature of slices 0-${half - 1}, slices ${n - half}-${n - 1} received): mean cost ` +
    recoverOrder(cleanF.slice(n - half), firstHalf.signature).meanCost.toFixed(3));
  om.model.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
