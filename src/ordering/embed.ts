/**
 * Feature extraction f_i for every slice of a series (paper section 4.3,
 * Eq. 7: F = {f_1, ..., f_n}), with the DenseNet of densenet.ts / model.ts
 * (Huang et al. 2017) on whatever TF.js backend is active.
 *
 * Inputs are prepared in plain JavaScript (preprocess.ts), so only the network
 * runs on the backend; the features come back as one Float32Array per slice.
 * Every tensor is released (tf.tidy for the graph, explicit dispose for the
 * batch and the downloaded output), so tf.memory().numTensors is unchanged
 * after the call.
 */
import * as tf from '@tensorflow/tfjs';
import type { SliceImage } from '../ingest/types';
import { buildBatch, preprocessSlice, type PreprocessedInput } from './preprocess';

export interface EmbedOptions {
  /** Slices per forward pass (default 8). Larger is faster on GPUs, uses more memory. */
  batchSize?: number;
  /** Network input side for SliceImage items (ignored for preprocessed ones). Default 224. */
  inputSize?: number;
  /** Called after every batch with (slices done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Stops between batches with an AbortError. */
  signal?: AbortSignal;
}

function isPreprocessed(x: SliceImage | PreprocessedInput): x is PreprocessedInput {
  return (x as PreprocessedInput).size !== undefined && (x as PreprocessedInput).data !== undefined;
}

/**
 * Runs the model on one batch tensor and returns the pooled features [B, C]
 * (a 4-D feature map output is global-average-pooled, as Keras pooling='avg').
 */
export function featuresOf(model: tf.LayersModel, batch: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy(() => {
    let y = model.predict(batch) as tf.Tensor;
    if (Array.isArray(y)) throw new Error('embed: the model must have a single output');
    if (y.rank === 4) y = tf.mean(y, [1, 2]);
    if (y.rank !== 2) throw new Error(`embed: unexpected output rank ${y.rank}`);
    return y.asType('float32') as tf.Tensor2D;
  });
}

/**
 * Embeds slices (raw SliceImages, preprocessed on the fly batch by batch, or
 * already preprocessed inputs) and returns one feature vector per slice, in
 * the given order.
 */
export async function embedSlices(
  model: tf.LayersModel,
  items: readonly (SliceImage | PreprocessedInput)[],
  options: EmbedOptions = {},
): Promise<Float32Array[]> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 8));
  const inputSize = options.inputSize ?? 224;
  const out: Float32Array[] = [];
  for (let start = 0; start < items.length; start += batchSize) {
    if (options.signal?.aborted) throw new DOMException('embedding aborted', 'AbortError');
    const inputs = items.slice(start, start + batchSize).map((it) => (isPreprocessed(it) ? it : preprocessSlice(it, inputSize)));
    const batch = buildBatch(inputs);
    let feats: tf.Tensor2D | null = null;
    try {
      feats = featuresOf(model, batch);
      const data = await feats.data<'float32'>();
      const c = feats.shape[1];
      for (let b = 0; b < inputs.length; b++) out.push(data.slice(b * c, (b + 1) * c));
    } finally {
      batch.dispose();
      feats?.dispose();
    }
    options.onProgress?.(out.length, items.length);
  }
  return out;
}
