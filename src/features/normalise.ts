/**
 * Min/max normalisation of one slice to [0, 1] (NOTES section 2, step 2).
 *
 * The paper thresholds "the gray value" of a slice (section 4.4) without saying on which scale.
 * DICOM modality values have arbitrary ranges (MR in raw scanner units, CT in Hounsfield units),
 * so every later stage works on the slice scaled by its own extremes: v' = (v - min) / (max - min).
 * This makes Otsu's histogram, the IALM tolerances and the LBP comparisons independent of the
 * vendor's scale and of a global gain or offset applied to the slice.
 */

/**
 * Scales `values` to [0, 1] by their own minimum and maximum. A constant slice (max == min,
 * including an empty one) becomes all zeros, since it carries no structure to threshold.
 * Computed in double precision and rounded once into `out` (which may alias `values`).
 */
export function normaliseMinMax(values: ArrayLike<number>, out?: Float32Array): Float32Array {
  const n = values.length;
  const result = out ?? new Float32Array(n);
  if (result.length !== n) throw new Error(`normaliseMinMax: output length ${result.length} != ${n}`);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min;
  if (!(range > 0)) {
    result.fill(0);
    return result;
  }
  for (let i = 0; i < n; i++) result[i] = (values[i] - min) / range;
  return result;
}
