/**
 * Generates the shipped ordering model: DenseNet-121 (Huang et al. 2017) without
 * classifier (include_top=False, pooling='avg'), the feature extractor of paper
 * section 4.3 (Eq. 7-9), with weights drawn from a fixed seed by our own
 * generator (src/ordering/seededWeights.ts: He-normal conv kernels, identity
 * BatchNormalization), and saves it in TF.js layers format under
 * public/models/densenet121/: model.json + group1-shardKofN.bin of at most
 * 4 MiB, float32. Prints the fingerprint (SHA-256 of the weight bytes in
 * manifest order, as src/ordering/model.ts computes it).
 *
 *   npx tsx scripts/make-densenet.ts [--seed N] [--out DIR] [--check]
 *
 * --check also prints the activation RMS after every stage and the feature
 * distance matrix of a small synthetic series (an ellipse growing with the
 * index), to show that the activations stay in a sane range through the 121
 * layers and that the features are not degenerate.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDenseNet121 } from '../src/ordering/densenet';
import { sha256Hex } from '../src/ordering/model';
import { DENSENET_SEED, initialiseDenseNet } from '../src/ordering/seededWeights';

const SHARD_BYTES = 4 * 1024 * 1024;

function parseArgs(argv: string[]): { seed: number; out: string; check: boolean } {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  let seed = DENSENET_SEED;
  let out = join(root, 'public', 'models', 'densenet121');
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--seed') seed = Number(argv[++i]) >>> 0;
    else if (argv[i] === '--out') out = resolve(argv[++i]);
    else if (argv[i] === '--check') check = true;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return { seed, out, check };
}

/** A smooth synthetic series: an ellipse with a bright inner disc, growing with index. */
function syntheticSlice(k: number, size: number): Float32Array {
  const px = new Float32Array(size * size);
  const c = (size - 1) / 2;
  const ax = size * (0.15 + 0.03 * k);
  const ay = size * (0.1 + 0.025 * k);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const r = ((x - c) / ax) ** 2 + ((y - c) / ay) ** 2;
      const inner = ((x - c - 0.1 * size) / (0.3 * ax)) ** 2 + ((y - c) / (0.3 * ay)) ** 2;
      px[y * size + x] = (r <= 1 ? 400 : -1000) + (inner <= 1 ? 600 : 0) + 0.5 * x;
    }
  }
  return px;
}

async function check(model: tf.LayersModel): Promise<void> {
  const { preprocessSlice, buildBatch } = await import('../src/ordering/preprocess');
  const { distanceMatrix } = await import('../src/ordering/order');
  const size = 96;
  const stages = ['conv1/relu', 'pool1', 'pool2_pool', 'pool3_pool', 'pool4_pool', 'conv5_block16_concat', 'relu', 'avg_pool'];
  const probe = tf.model({ inputs: model.inputs, outputs: stages.map((n) => model.getLayer(n).output as tf.SymbolicTensor) });
  const inputs = Array.from({ length: 8 }, (_, k) => preprocessSlice({ width: 128, height: 128, pixels: syntheticSlice(k, 128) }, size));
  const batch = buildBatch(inputs);
  const outs = probe.predict(batch) as tf.Tensor[];
  for (let i = 0; i < stages.length; i++) {
    const rms = Math.sqrt((await tf.mean(tf.square(outs[i])).data())[0]);
    console.log(`  rms after ${stages[i].padEnd(22)} ${rms.toFixed(4)}  shape ${outs[i].shape}`);
  }
  const feats = await outs[outs.length - 1].array() as number[][];
  const f32 = feats.map((f) => Float32Array.from(f));
  const nz = f32.map((f) => f.reduce((a, v) => a + (v > 0 ? 1 : 0), 0));
  console.log(`  non-zero features per slice: ${nz.join(' ')} of ${f32[0].length}`);
  const d = distanceMatrix(f32);
  const norms = f32.map((f) => Math.sqrt(f.reduce((a, v) => a + v * v, 0)));
  console.log(`  feature norms: ${norms.map((v) => v.toFixed(3)).join(' ')}`);
  console.log('  distance matrix (ellipse growing with index):');
  for (const row of d) console.log('   ' + Array.from(row, (v) => v.toFixed(3).padStart(7)).join(''));
  tf.dispose([batch, ...outs]);
}

async function main(): Promise<void> {
  const { seed, out, check: doCheck } = parseArgs(process.argv.slice(2));
  await tf.setBackend('cpu');
  const model = buildDenseNet121();
  initialiseDenseNet(model, seed);

  let artifacts: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
  if (!artifacts) throw new Error('save handler was not called');
  const a = artifacts as tf.io.ModelArtifacts;
  const bytes = new Uint8Array(tf.io.CompositeArrayBuffer.join(a.weightData!));
  const fingerprint = await sha256Hex(bytes);

  mkdirSync(out, { recursive: true });
  for (const f of readdirSync(out)) if (/^group1-shard\d+of\d+\.bin$/.test(f) || f === 'model.json') rmSync(join(out, f));
  const nShards = Math.ceil(bytes.byteLength / SHARD_BYTES);
  const paths: string[] = [];
  for (let s = 0; s < nShards; s++) {
    const p = `group1-shard${s + 1}of${nShards}.bin`;
    writeFileSync(join(out, p), bytes.subarray(s * SHARD_BYTES, Math.min(bytes.byteLength, (s + 1) * SHARD_BYTES)));
    paths.push(p);
  }
  const modelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: 'scripts/make-densenet.ts',
    modelTopology: a.modelTopology,
    weightsManifest: [{ paths, weights: a.weightSpecs }],
    userDefinedMetadata: {
      description:
        'DenseNet-121 (Huang et al. 2017), include_top=False, pooling=avg, Keras layer names; ' +
        'random weights from a fixed seed: conv kernels He-normal (truncated at 2 sigma), BN identity',
      seed,
      weightSha256: fingerprint,
    },
  };
  writeFileSync(join(out, 'model.json'), JSON.stringify(modelJson));

  console.log(`DenseNet-121: ${model.countParams()} parameters, ${a.weightSpecs!.length} weight arrays`);
  console.log(`seed ${seed}; ${bytes.byteLength} weight bytes in ${nShards} shard(s) -> ${out}`);
  console.log(`fingerprint (SHA-256 of weight bytes) ${fingerprint}`);
  if (doCheck) await check(model);
  model.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
