/**
 * Loading the shared ordering network (paper section 4.3: the DenseNet "is
 * pre-trained and shared by both owner and user") and identifying it.
 *
 * The model is identified by its fingerprint: the SHA-256 (hex) of its weight
 * bytes, i.e. the weight shards concatenated in manifest order, exactly as
 * stored (NOTES section 2, step 1). The index bundle records it, and a reveal
 * with a different model must refuse instead of producing wrong text.
 *
 * Any DenseNet saved in TF.js layers format can be used, e.g. Keras'
 * ImageNet DenseNet121 converted with `tensorflowjs_converter
 * --input_format keras`: its own topology is loaded as is. If it still has its
 * classifier (include_top=True) the features are taken from its `avg_pool`
 * layer; a model ending in a 4-D feature map is average-pooled in embed.ts.
 *
 * Uses only TF.js and WebCrypto (crypto.subtle: browsers, Workers, Node >= 19),
 * no DOM and no Node API. Node tests pass a file-based tf.io.IOHandler.
 */
import * as tf from '@tensorflow/tfjs';

export interface OrderingModel {
  model: tf.LayersModel;
  /** SHA-256 (lower-case hex) of the weight bytes in manifest order. */
  fingerprint: string;
  /** Length of one feature vector (1024 for DenseNet-121). */
  featureLength: number;
  /** Input side the model requires, or null when it accepts any size. */
  fixedInputSize: number | null;
  /** Size of the weight data in bytes. */
  weightBytes: number;
}

/** SHA-256 of bytes as lower-case hex, via WebCrypto. */
export async function sha256Hex(data: ArrayBuffer | Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('WebCrypto (crypto.subtle) is not available: needs a secure context (https or localhost)');
  const view = data instanceof Uint8Array ? data : new Uint8Array(data);
  const digest = await subtle.digest('SHA-256', view as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The fingerprint of model artifacts: SHA-256 of all weight bytes in manifest order. */
export async function weightFingerprint(artifacts: tf.io.ModelArtifacts): Promise<string> {
  if (artifacts.weightData == null) throw new Error('model has no weight data');
  return sha256Hex(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
}

export interface LoadOrderingModelOptions {
  /** Download progress in [0, 1] (URL sources only). */
  onProgress?: (fraction: number) => void;
}

/**
 * Loads a TF.js layers model from a URL of its model.json (fetched with
 * tf.io.http, so weight shards are resolved relative to it) or from any
 * tf.io.IOHandler, and computes its fingerprint from the very bytes that are
 * loaded.
 */
export async function loadOrderingModel(
  source: string | tf.io.IOHandler,
  options: LoadOrderingModelOptions = {},
): Promise<OrderingModel> {
  const handler = typeof source === 'string' ? tf.io.http(source, { onProgress: options.onProgress }) : source;
  if (!handler.load) throw new Error('loadOrderingModel: the IOHandler cannot load');
  const artifacts = await handler.load();
  if (artifacts.modelTopology == null || artifacts.weightSpecs == null || artifacts.weightData == null) {
    throw new Error('loadOrderingModel: not a TF.js layers model with weights (model.json + shards)');
  }
  const weightBytes = tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  const fingerprint = await sha256Hex(weightBytes);
  // Same bytes as a single buffer, so nothing is read twice.
  let model = await tf.loadLayersModel(tf.io.fromMemory({ ...artifacts, weightData: weightBytes }));
  model = featureModel(model);
  const outShape = model.outputs[0].shape;
  const featureLength = outShape[outShape.length - 1];
  if (featureLength == null) throw new Error('loadOrderingModel: model output has no fixed channel count');
  const inShape = model.inputs[0].shape;
  if (inShape.length !== 4 || inShape[3] !== 3) {
    throw new Error(`loadOrderingModel: expected an image input [batch, h, w, 3], got [${inShape}]`);
  }
  const h = inShape[1];
  const w = inShape[2];
  if (h != null && w != null && h !== w) throw new Error(`loadOrderingModel: non-square fixed input ${h} x ${w}`);
  return { model, fingerprint, featureLength, fixedInputSize: h ?? null, weightBytes: weightBytes.byteLength };
}

/**
 * The pooled-feature part of a DenseNet: the model itself when its output is
 * already the feature vector or a feature map, else (a classifier head, as in
 * Keras include_top=True) the output of its `avg_pool` layer.
 */
export function featureModel(model: tf.LayersModel): tf.LayersModel {
  const out = model.outputs[0];
  if (model.outputs.length === 1 && (out.shape.length === 4 || out.sourceLayer.name === 'avg_pool')) return model;
  let pool: tf.layers.Layer | null = null;
  try {
    pool = model.getLayer('avg_pool');
  } catch {
    pool = null;
  }
  if (pool && model.outputs.length === 1 && out.sourceLayer.getClassName() !== 'GlobalAveragePooling2D') {
    return tf.model({ inputs: model.inputs, outputs: pool.output as tf.SymbolicTensor, name: `${model.name}_features` });
  }
  if (model.outputs.length !== 1) throw new Error('loadOrderingModel: model must have exactly one output');
  return model;
}
