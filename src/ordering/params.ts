/** Parameters of the DenseNet ordering (paper 4.3, NOTES step 1), recorded in the bundle. */
export interface OrderingParams {
  /** SHA-256 (hex) of the model's weight bytes, in manifest order. */
  modelFingerprint: string;
  /** Side of the square network input the slice is resampled to. */
  inputSize: number;
  /** How the benchmark column of D is chosen. */
  benchmark: 'max-distance-sum';
  /** How slices are ordered from D. */
  method: 'ascending-distance-to-benchmark';
}
