/**
 * Sender and receiver on different TF.js backends (Node: WASM against CPU):
 * the text hidden with one comes back with the other, after the receiver's
 * files were shuffled. Small phantom (10 slices of 64 x 64, DenseNet input 64)
 * so the plain-JavaScript CPU backend stays quick.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURE_PARAMS } from '../../../src/features/params';
import { analyseSeries } from '../../../src/pipeline/analysis';
import { hideText, revealText } from '../../../src/protocol/text';
import { makePhantomSeries, phantomSliceImage } from '../../../src/sample/phantom';
import { loadNodeModel, sliceResults } from '../../../scripts/lib/nodeRuntime';

const SLICES = 10;
const params = { features: { ...DEFAULT_FEATURE_PARAMS, workSize: 64 }, inputSize: 64 };
const phantom = makePhantomSeries({ slices: SLICES, size: 64, seed: 7 });
const sliceAt = (i: number) => phantomSliceImage(phantom, i);

describe('hide on one backend, reveal on another', () => {
  it('WASM sender, CPU receiver with shuffled files: same order, same hashes, same text', async () => {
    const wasm = await sliceResults(SLICES, sliceAt, await loadNodeModel('wasm'), params);
    const sender = analyseSeries(wasm.lbpRows, wasm.embeddings);
    const text = 'abc';
    const hidden = hideText(text, sender.hashes);
    expect(hidden.ok).toBe(true);
    if (!hidden.ok) return;

    // The receiver gets the files in another order.
    const shuffle = [3, 7, 0, 9, 1, 5, 8, 2, 6, 4];
    const cpu = await sliceResults(SLICES, (i) => sliceAt(shuffle[i]), await loadNodeModel('cpu'), params);
    const receiver = analyseSeries(cpu.lbpRows, cpu.embeddings);

    // Same slices in the same order (receiver positions mapped back to phantom indices).
    expect(receiver.order.map((i) => shuffle[i])).toEqual(sender.order);
    expect(receiver.hashes).toEqual(sender.hashes);
    expect(revealText(hidden.rows, hidden.coding, receiver.hashes)).toEqual({ ok: true, text });
    // The backends really differ numerically, yet not enough to matter.
    const maxDiff = Math.max(
      ...wasm.embeddings.flatMap((e, i) => Array.from(e, (v, j) => Math.abs(v - cpu.embeddings[shuffle.indexOf(i)][j]))),
    );
    expect(maxDiff).toBeLessThan(1e-3);
  }, 300_000);
});
