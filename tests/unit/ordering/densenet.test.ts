import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { DENSENET121_FEATURES, buildDenseNet121 } from '../../../src/ordering/densenet';

describe('buildDenseNet121 (Huang et al. 2017, Keras include_top=False, pooling=avg)', () => {
  let model: tf.LayersModel;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    model = buildDenseNet121();
  });

  it('has the Keras DenseNet121 layer and parameter counts', () => {
    // keras.applications.DenseNet121(include_top=False, pooling='avg'): 428 layers, 7,037,504 parameters
    expect(model.layers).toHaveLength(428);
    expect(model.countParams()).toBe(7_037_504);
    const count = (cls: string) => model.layers.filter((l) => l.getClassName() === cls).length;
    expect(count('Conv2D')).toBe(120); // 1 + 2 x (6 + 12 + 24 + 16) + 3
    expect(count('BatchNormalization')).toBe(121); // one per conv + the final bn
    expect(count('Concatenate')).toBe(58);
    expect(count('AveragePooling2D')).toBe(3);
    expect(count('GlobalAveragePooling2D')).toBe(1);
  });

  it('uses Keras layer and weight names', () => {
    const names = model.weights.map((w) => w.originalName);
    for (const n of [
      'conv1/conv/kernel',
      'conv1/bn/moving_variance',
      'conv2_block1_1_conv/kernel',
      'conv2_block6_2_conv/kernel',
      'pool2_conv/kernel',
      'conv4_block24_0_bn/gamma',
      'conv5_block16_2_conv/kernel',
      'bn/beta',
    ]) {
      expect(names).toContain(n);
    }
    expect(model.getLayer('avg_pool').getClassName()).toBe('GlobalAveragePooling2D');
    expect(model.getLayer('pool4_conv').getWeights()[0].shape).toEqual([1, 1, 1024, 512]);
  });

  it('takes any input size and gives 1024 features (64 x 64)', () => {
    expect(model.inputs[0].shape).toEqual([null, null, null, 3]);
    expect(model.outputs[0].shape).toEqual([null, DENSENET121_FEATURES]);
    const y = tf.tidy(() => model.predict(tf.zeros([2, 64, 64, 3])) as tf.Tensor);
    expect(y.shape).toEqual([2, 1024]);
    y.dispose();
  });

  it('can be built for a fixed input size', () => {
    const m = buildDenseNet121({ inputSize: 96 });
    expect(m.inputs[0].shape).toEqual([null, 96, 96, 3]);
    expect(m.getLayer('pool4_pool').outputShape).toEqual([null, 3, 3, 512]);
    m.dispose();
    expect(() => buildDenseNet121({ inputSize: 16 })).toThrow();
  });
});
