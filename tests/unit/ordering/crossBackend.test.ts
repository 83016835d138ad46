/**
 * The key property of the ordering stage (NOTES section 2, step 1): the same
 * series gives the same order on another backend. Here: TF.js CPU (plain JS)
 * vs WASM (single-threaded in Node), on a smooth synthetic series, with the
 * shipped seeded DenseNet-121 at a small input size.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { setNodeBackend } from '../../../src/ordering/backend';
import { embedSlices } from '../../../src/ordering/embed';
import { loadOrderingModel, type OrderingModel } from '../../../src/ordering/model';
import { distanceMatrix, orderFromDistances, orderStabilityReport } from '../../../src/ordering/order';
import { preprocessOptionsFor, SIGNATURE_MATCH_INPUT_SIZE } from '../../../src/ordering/params';
import { preprocessSlice } from '../../../src/ordering/preprocess';
import { recoverOrder, senderOrderAndSignature } from '../../../src/ordering/signature';
import { MODEL_JSON, WASM_DIR, ellipseSlice, fileModelHandler } from './nodeModelIo';

const N = 8;
const INPUT = 64;

describe('ordering across TF.js backends (CPU vs WASM)', () => {
  let om: OrderingModel;
  const inputs = Array.from({ length: N }, (_, k) => preprocessSlice(ellipseSlice(k, 64), INPUT));
  let cpu: Float32Array[];
  let wasm: Float32Array[];

  beforeAll(async () => {
    await setNodeBackend('cpu');
    om = await loadOrderingModel(fileModelHandler(MODEL_JSON));
  });
  afterAll(() => om?.model.dispose());

  it('embeds on CPU without leaking tensors', async () => {
    await setNodeBackend('cpu');
    const before = tf.memory().numTensors;
    const progress: number[] = [];
    cpu = await embedSlices(om.model, inputs, { batchSize: 4, onProgress: (d) => progress.push(d) });
    expect(tf.memory().numTensors).toBe(before);
    expect(progress).toEqual([4, 8]);
    expect(cpu).toHaveLength(N);
    for (const f of cpu) {
      expect(f).toHaveLength(1024);
      expect(f.every(Number.isFinite)).toBe(true);
    }
  });

  it('gives distinct features for distinct slices and similar ones for neighbours', async () => {
    const d = distanceMatrix(cpu);
    // Smooth series: distance grows with the index gap.
    for (let k = 0; k + 3 < N; k++) expect(d[k][k + 1]).toBeLessThan(d[k][k + 3]);
    const neighbour = Math.max(...Array.from({ length: N - 1 }, (_, k) => d[k][k + 1]));
    expect(Math.min(...Array.from({ length: N - 1 }, (_, k) => d[k][k + 1]))).toBeGreaterThan(0);
    // Distinct content (a checkerboard) is far from every slice of the series.
    const px = new Float32Array(64 * 64).map((_, i) => (((i % 64) >> 3) + ((i >> 6) >> 3)) % 2);
    const [board] = await embedSlices(om.model, [{ width: 64, height: 64, pixels: px }], { inputSize: INPUT });
    const far = Math.min(...cpu.map((f) => distanceMatrix([f, board])[0][1]));
    console.log(`[ordering] CPU @${INPUT}: largest neighbour distance ${neighbour.toFixed(3)}, checkerboard to series >= ${far.toFixed(3)}`);
    expect(far).toBeGreaterThan(3 * neighbour);
    // The order recovers the series (from one end).
    const { order } = orderFromDistances(d);
    const asc = Array.from({ length: N }, (_, k) => k);
    expect([asc, [...asc].reverse()]).toContainEqual(order);
  });

  it('embeds on WASM with the same order as on CPU', async () => {
    await setNodeBackend('wasm', WASM_DIR);
    expect(tf.getBackend()).toBe('wasm');
    const before = tf.memory().numTensors;
    wasm = await embedSlices(om.model, inputs, { batchSize: 3 });
    expect(tf.memory().numTensors).toBe(before);

    let maxAbs = 0;
    let maxFeat = 0;
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < 1024; j++) {
        maxAbs = Math.max(maxAbs, Math.abs(cpu[i][j] - wasm[i][j]));
        maxFeat = Math.max(maxFeat, Math.abs(cpu[i][j]));
      }
    }
    const dc = distanceMatrix(cpu);
    const dw = distanceMatrix(wasm);
    let maxDistDiff = 0;
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) maxDistDiff = Math.max(maxDistDiff, Math.abs(dc[i][j] - dw[i][j]));
    const oc = orderFromDistances(dc);
    const ow = orderFromDistances(dw);
    const sc = orderStabilityReport(dc, oc);
    console.log(
      `[ordering] CPU vs WASM @${INPUT}: max |feature diff| ${maxAbs.toExponential(2)} (max |feature| ${maxFeat.toFixed(3)}), ` +
        `max |distance diff| ${maxDistDiff.toExponential(2)}, min gap ${sc.minGap.toExponential(2)} ` +
        `(relative ${sc.relativeMinGap.toFixed(4)}), benchmark margin ${sc.benchmarkMargin.toFixed(4)}; ` +
        `order CPU ${oc.order.join(',')} WASM ${ow.order.join(',')}`,
    );
    expect(ow.order).toEqual(oc.order);
    expect(ow.benchmark).toBe(oc.benchmark);
    expect(maxAbs).toBeLessThan(1e-3 * Math.max(1, maxFeat));
    // The order is not decided by rounding: the smallest gap dwarfs the backend difference.
    expect(sc.minGap).toBeGreaterThan(100 * maxDistDiff);
  });

  it('recovers the same order from a signature with CPU and WASM embeddings (signature-match)', async () => {
    // The method's own preprocessing and input size. Sender on CPU: the paper order and the
    // signature. Receiver: the slices shuffled and with another monotone intensity mapping
    // (cube root, which the histogram equalisation ignores), embedded on CPU and on WASM;
    // both must put every slice at its sender position.
    const opts = preprocessOptionsFor('signature-match');
    const size = SIGNATURE_MATCH_INPUT_SIZE;
    const slices = Array.from({ length: N }, (_, k) => ellipseSlice(k, 64));
    const perm = [5, 2, 7, 0, 3, 6, 1, 4];
    const sent = slices.map((sl) => preprocessSlice(sl, size, opts));
    const received = perm.map((i) => preprocessSlice({ ...slices[i], pixels: slices[i].pixels.map(Math.cbrt) }, size, opts));
    await setNodeBackend('cpu');
    const senderF = await embedSlices(om.model, sent);
    const { order: senderOrder, signature } = senderOrderAndSignature(senderF);
    const fromCpu = recoverOrder(await embedSlices(om.model, received), signature);
    await setNodeBackend('wasm', WASM_DIR);
    const fromWasm = recoverOrder(await embedSlices(om.model, received), signature);
    console.log(
      `[ordering] signature-match @${size}: ${signature.length} signature bytes, mean cost CPU ${fromCpu.meanCost.toExponential(2)}, ` +
        `WASM ${fromWasm.meanCost.toExponential(2)}; sender order ${senderOrder.join(',')}`,
    );
    expect(fromCpu.order.map((r) => perm[r])).toEqual(senderOrder);
    expect(fromWasm.order).toEqual(fromCpu.order);
    // Only quantisation error (<= (1/64)^2 per dimension) and backend rounding.
    expect(fromWasm.meanCost).toBeLessThan(1e-3);
    expect(Math.abs(fromWasm.meanCost - fromCpu.meanCost)).toBeLessThan(1e-5);
  });

  it('embeds raw SliceImages the same as preprocessed inputs', async () => {
    const raw = await embedSlices(om.model, [ellipseSlice(2, 64)], { inputSize: INPUT });
    expect(Array.from(raw[0])).toEqual(Array.from(wasm[2]));
  });
});
