/**
 * DenseNet-121 feature extractor (Huang, Liu, van der Maaten, Weinberger 2017,
 * "Densely Connected Convolutional Networks", CVPR; Table 1, "DenseNet-121"),
 * used by the ordering stage of Tan et al. 2020, section 4.3 / Fig. 5: "4
 * DenseBlocks and 3 transition layers ... the classification layer is not
 * needed". The output is the global average pool of the last dense block (1024
 * values), the feature f_i of paper Eq. 7.
 *
 * The graph follows Keras' `keras.applications.DenseNet121(include_top=False,
 * pooling='avg')` layer for layer, with the same layer names (Keras 2 /
 * tf.keras spelling: `conv1/conv`, `conv2_block1_0_bn`, `pool2_conv`, `bn`,
 * `avg_pool`, ...) and the same weight order inside each layer, so a Keras
 * ImageNet DenseNet121 converted with `tensorflowjs_converter` carries weights
 * named exactly as this graph expects. (Such a converted model also ships its
 * own topology and can be loaded directly, see model.ts.)
 *
 * Pure TF.js; runs unchanged in the page, a Worker and Node.
 */
import * as tf from '@tensorflow/tfjs';

/** Huang et al. 2017, Table 1: layers per dense block of DenseNet-121. */
export const DENSENET121_BLOCKS: readonly number[] = [6, 12, 24, 16];
/** Growth rate k (Huang et al. 2017, section 3 "Growth rate"). */
export const DENSENET_GROWTH_RATE = 32;
/** Bottleneck width 4k (Huang et al. 2017, "DenseNet-B"). */
export const DENSENET_BOTTLENECK = 4 * DENSENET_GROWTH_RATE;
/** Compression theta = 0.5 in the transition layers ("DenseNet-C"). */
export const DENSENET_COMPRESSION = 0.5;
/** Keras' BatchNormalization epsilon for DenseNet. */
export const DENSENET_BN_EPSILON = 1.001e-5;
/** Length of the feature vector: channels after the last dense block. */
export const DENSENET121_FEATURES = 1024;

export interface DenseNetOptions {
  /**
   * Fixed square input side, or null (default) for a size-agnostic input
   * [null, null, 3] as Keras builds it with include_top=False. The smallest
   * side that survives the five stride-2 stages is 32.
   */
  inputSize?: number | null;
  /** Model name (default 'densenet121', as Keras names it). */
  name?: string;
}

function bn(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  return tf.layers
    .batchNormalization({ axis: 3, epsilon: DENSENET_BN_EPSILON, name })
    .apply(x) as tf.SymbolicTensor;
}

function relu(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  return tf.layers.activation({ activation: 'relu', name }).apply(x) as tf.SymbolicTensor;
}

function conv(
  x: tf.SymbolicTensor,
  filters: number,
  kernelSize: number,
  name: string,
  strides = 1,
  padding: 'valid' | 'same' = 'valid',
): tf.SymbolicTensor {
  return tf.layers
    .conv2d({ filters, kernelSize, strides, padding, useBias: false, name })
    .apply(x) as tf.SymbolicTensor;
}

/**
 * One composite layer H_l of a dense block with bottleneck (Huang et al. 2017,
 * "DenseNet-B"): BN-ReLU-Conv(1x1, 4k)-BN-ReLU-Conv(3x3, k), then concatenation
 * with its input ([x_0, ..., x_{l-1}], their Eq. 2).
 */
function convBlock(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  let x1 = bn(x, `${name}_0_bn`);
  x1 = relu(x1, `${name}_0_relu`);
  x1 = conv(x1, DENSENET_BOTTLENECK, 1, `${name}_1_conv`);
  x1 = bn(x1, `${name}_1_bn`);
  x1 = relu(x1, `${name}_1_relu`);
  x1 = conv(x1, DENSENET_GROWTH_RATE, 3, `${name}_2_conv`, 1, 'same');
  return tf.layers.concatenate({ axis: 3, name: `${name}_concat` }).apply([x, x1]) as tf.SymbolicTensor;
}

function denseBlock(x: tf.SymbolicTensor, blocks: number, name: string): tf.SymbolicTensor {
  for (let i = 0; i < blocks; i++) x = convBlock(x, `${name}_block${i + 1}`);
  return x;
}

/**
 * Transition layer (Huang et al. 2017, section 3 "Pooling layers" and
 * "Compression"): BN-ReLU-Conv(1x1, floor(theta * channels))-AvgPool(2x2, /2).
 */
function transitionBlock(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  const channels = x.shape[3] as number;
  x = bn(x, `${name}_bn`);
  x = relu(x, `${name}_relu`);
  x = conv(x, Math.floor(channels * DENSENET_COMPRESSION), 1, `${name}_conv`);
  return tf.layers.averagePooling2d({ poolSize: 2, strides: 2, name: `${name}_pool` }).apply(x) as tf.SymbolicTensor;
}

/**
 * Builds DenseNet-121 without classifier (global average pooling output, 1024
 * features), untrained: weights are whatever the layer initialisers give and
 * are meant to be overwritten (scripts/make-densenet.ts or loadWeights).
 *
 * Layout (Huang et al. 2017, Table 1): zero-pad 3, conv 7x7/2 (64) + BN + ReLU,
 * zero-pad 1, max-pool 3x3/2, dense blocks of 6, 12, 24, 16 composite layers
 * (growth 32) with three transitions (compression 0.5) between them, final
 * BN + ReLU, global average pool. 120 convolutions + 1 pooled output = "121".
 */
export function buildDenseNet121(options: DenseNetOptions = {}): tf.LayersModel {
  const size = options.inputSize ?? null;
  if (size !== null && (!Number.isInteger(size) || size < 32)) {
    throw new Error(`DenseNet-121 input side must be an integer >= 32, got ${size}`);
  }
  const input = tf.input({ shape: [size, size, 3], name: 'input_1', dtype: 'float32' });
  let x = tf.layers
    .zeroPadding2d({ padding: [[3, 3], [3, 3]], name: 'zero_padding2d' })
    .apply(input) as tf.SymbolicTensor;
  x = conv(x, 64, 7, 'conv1/conv', 2);
  x = bn(x, 'conv1/bn');
  x = relu(x, 'conv1/relu');
  x = tf.layers.zeroPadding2d({ padding: [[1, 1], [1, 1]], name: 'zero_padding2d_1' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name: 'pool1' }).apply(x) as tf.SymbolicTensor;

  x = denseBlock(x, DENSENET121_BLOCKS[0], 'conv2');
  x = transitionBlock(x, 'pool2');
  x = denseBlock(x, DENSENET121_BLOCKS[1], 'conv3');
  x = transitionBlock(x, 'pool3');
  x = denseBlock(x, DENSENET121_BLOCKS[2], 'conv4');
  x = transitionBlock(x, 'pool4');
  x = denseBlock(x, DENSENET121_BLOCKS[3], 'conv5');

  x = bn(x, 'bn');
  x = relu(x, 'relu');
  const out = tf.layers.globalAveragePooling2d({ name: 'avg_pool' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: options.name ?? 'densenet121' });
}
