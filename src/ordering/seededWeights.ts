/**
 * Seeded weights for the shipped DenseNet-121 (Huang et al. 2017) ordering
 * model (paper section 4.3: the DenseNet is "pre-trained and shared by both
 * owner and user"; ImageNet weights cannot be downloaded here, NOTES section 2
 * step 1, so sender and receiver share a random-feature network instead).
 *
 * Values come from our own seeded generator (src/util/random.ts), never from
 * tf.random*, so the bytes are the same on every machine and TF.js version:
 *   - every weight gets its own stream, seeded from seed XOR FNV-1a(weight name),
 *     so the values do not depend on the order in which TF.js lists weights;
 *   - conv kernels (HWIO, row-major): He-normal as Keras' HeNormal, a normal
 *     truncated at 2 sigma, stddev sqrt(2 / fan_in) / 0.87962566,
 *     fan_in = kh * kw * c_in (He et al. 2015, "Delving deep into rectifiers");
 *   - BatchNormalization: gamma = 1, beta = 0, moving_mean = 0,
 *     moving_variance = 1 (identity in inference mode, up to epsilon).
 * With a ReLU after every BN, He scaling keeps the second moment of the
 * activations of the same order through all 121 layers (checked by
 * `npx tsx scripts/make-densenet.ts --check`).
 *
 * Only the generator lives here (pure TS); scripts/make-densenet.ts writes the
 * files and tests regenerate the weights to prove the committed bytes.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../util/random';

/** Seed of the shipped model in public/models/densenet121/. */
export const DENSENET_SEED = 20200121;

/** Keras' truncated-normal correction: stddev of N(0,1) truncated to [-2, 2]. */
const TRUNC_STD = 0.87962566103423978;

/** FNV-1a 32-bit hash of a string's UTF-16 code units. */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Values of one weight from the seed, its name ('layer/kernel', ...) and shape. */
export function generateWeight(seed: number, name: string, shape: readonly number[]): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  const leaf = name.slice(name.lastIndexOf('/') + 1);
  if (leaf === 'kernel') {
    if (shape.length !== 4) throw new Error(`unexpected kernel shape [${shape}] for ${name}`);
    const fanIn = shape[0] * shape[1] * shape[2];
    const std = Math.sqrt(2 / fanIn) / TRUNC_STD;
    const rng = createRng((seed ^ fnv1a32(name)) >>> 0);
    for (let i = 0; i < n; i++) {
      let z = rng.normal();
      while (z < -2 || z > 2) z = rng.normal();
      out[i] = z * std;
    }
  } else if (leaf === 'gamma' || leaf === 'moving_variance') {
    out.fill(1);
  } else if (leaf === 'beta' || leaf === 'moving_mean') {
    out.fill(0);
  } else {
    throw new Error(`no initialisation rule for weight ${name}`);
  }
  return out;
}

/** Sets every weight of a DenseNet built by buildDenseNet121() from the seed. */
export function initialiseDenseNet(model: tf.LayersModel, seed: number = DENSENET_SEED): void {
  const tensors = model.weights.map((w) => tf.tensor(generateWeight(seed, w.originalName, w.shape as number[]), w.shape as number[], 'float32'));
  model.setWeights(tensors);
  tf.dispose(tensors);
}
