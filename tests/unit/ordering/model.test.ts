import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildDenseNet121 } from '../../../src/ordering/densenet';
import { featureModel, loadOrderingModel, sha256Hex } from '../../../src/ordering/model';
import { DENSENET_SEED, initialiseDenseNet } from '../../../src/ordering/seededWeights';
import { MODEL_JSON, fileModelHandler, shardBytes } from './nodeModelIo';

/** Fingerprint of the committed public/models/densenet121 (scripts/make-densenet.ts, seed 20200121). */
const SHIPPED_FINGERPRINT = 'e58a26ea5d7f977c6f9a3ecd2f5e769af6a2080f6cbb98b9f7ca6d54bb953c84';

async function artifactsOf(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let artifacts: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
  return artifacts!;
}

describe('sha256Hex (WebCrypto)', () => {
  it('matches the standard test vector', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('shipped model and loadOrderingModel', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('is stored as shards of at most 4 MiB', () => {
    const json = JSON.parse(readFileSync(MODEL_JSON, 'utf8')) as tf.io.ModelJSON;
    expect(json.format).toBe('layers-model');
    const paths = json.weightsManifest.flatMap((g) => g.paths);
    expect(paths.length).toBeGreaterThan(1);
    for (const p of paths) expect(statSync(join(dirname(MODEL_JSON), p)).size).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(json.weightsManifest.flatMap((g) => g.weights).every((w) => w.dtype === 'float32')).toBe(true);
  });

  it('fingerprint = SHA-256 of the weight bytes in manifest order, stable across loads', async () => {
    const bytes = shardBytes(MODEL_JSON);
    const expected = createHash('sha256').update(bytes).digest('hex');
    const a = await loadOrderingModel(fileModelHandler(MODEL_JSON));
    const b = await loadOrderingModel(fileModelHandler(MODEL_JSON));
    expect(a.fingerprint).toBe(expected);
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(a.fingerprint).toBe(SHIPPED_FINGERPRINT);
    expect(a.weightBytes).toBe(bytes.byteLength);
    expect(a.featureLength).toBe(1024);
    expect(a.fixedInputSize).toBeNull();
    a.model.dispose();
    b.model.dispose();
  });

  it('regenerates bit-identical weights from the seed', async () => {
    const m = buildDenseNet121();
    initialiseDenseNet(m, DENSENET_SEED);
    const art = await artifactsOf(m);
    const bytes = new Uint8Array(tf.io.CompositeArrayBuffer.join(art.weightData!));
    expect(await sha256Hex(bytes)).toBe(SHIPPED_FINGERPRINT);
    // Every stored weight name is one of the builder's (Keras) names, so a converted
    // Keras DenseNet121's weights match this graph and vice versa.
    const json = JSON.parse(readFileSync(MODEL_JSON, 'utf8')) as tf.io.ModelJSON;
    const stored = json.weightsManifest.flatMap((g) => g.weights.map((w) => w.name)).sort();
    expect(stored).toEqual(m.weights.map((w) => w.originalName).sort());
    m.dispose();
  });

  it('gives another fingerprint for other weights, and takes any IOHandler', async () => {
    const json = JSON.parse(readFileSync(MODEL_JSON, 'utf8')) as tf.io.ModelJSON;
    const bytes = new Uint8Array(shardBytes(MODEL_JSON));
    bytes[12345] ^= 1;
    const handler = tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
      weightData: bytes.buffer,
    });
    const other = await loadOrderingModel(handler);
    expect(other.fingerprint).not.toBe(SHIPPED_FINGERPRINT);
    expect(other.fingerprint).toBe(createHash('sha256').update(bytes).digest('hex'));
    other.model.dispose();
  });

  it('takes the avg_pool features of a model that still has its classifier', async () => {
    const input = tf.input({ shape: [32, 32, 3] });
    let x = tf.layers.conv2d({ filters: 8, kernelSize: 3, name: 'c' }).apply(input) as tf.SymbolicTensor;
    x = tf.layers.globalAveragePooling2d({ name: 'avg_pool' }).apply(x) as tf.SymbolicTensor;
    const y = tf.layers.dense({ units: 10, activation: 'softmax', name: 'predictions' }).apply(x) as tf.SymbolicTensor;
    const withTop = tf.model({ inputs: input, outputs: y });
    const loaded = await loadOrderingModel(tf.io.fromMemory(await artifactsOf(withTop)));
    expect(loaded.featureLength).toBe(8);
    expect(loaded.fixedInputSize).toBe(32);
    expect(featureModel(loaded.model)).toBe(loaded.model);
    withTop.dispose();
    loaded.model.dispose();
  });
});
