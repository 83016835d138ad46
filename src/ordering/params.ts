/**
 * How the receiver gets the sender's slice order (paper 4.3, NOTES step 1), recorded in
 * the bundle as OrderingParams.method (docs/ordering.md has the measurements):
 *
 *  - 'ascending-distance-to-benchmark' (protocol v1, the paper's reading): both sides
 *    compute the order blindly from their own DenseNet features: benchmark = the slice
 *    with the largest sum of Euclidean distances (OrderingParams.benchmark), slices sorted
 *    by ascending distance to it (order.ts orderFromFeatures). Fragile under the attacks of
 *    NOTES section 3: on the real MR series 0-45 % of neighbour pairs stay in place.
 *  - 'signature-match' (protocol v2): the sender's order is computed as above on its clean
 *    features; the sender also stores an order signature (signature.ts
 *    makeOrderSignature: 16 int8 values per slice, a random projection of the centred
 *    DenseNet features) inside the encrypted payload; the receiver assigns each received
 *    slice to a sender position by minimum-cost matching of its own descriptors against
 *    the signature (signature.ts recoverOrder). Needs the signature, so only where the
 *    payload can be decrypted; tolerates lost slices (their positions come back empty).
 */
export type OrderingMethod = 'ascending-distance-to-benchmark' | 'signature-match';

/** Every method this code can run. */
export const ORDERING_METHODS: readonly OrderingMethod[] = ['ascending-distance-to-benchmark', 'signature-match'];

/** True for methods whose receiver needs the sender's order signature. */
export function methodNeedsSignature(method: string): boolean {
  return method === 'signature-match';
}

/** Parameters of the DenseNet ordering (paper 4.3, NOTES step 1), recorded in the bundle. */
export interface OrderingParams {
  /** SHA-256 (hex) of the model's weight bytes, in manifest order. */
  modelFingerprint: string;
  /** Side of the square network input the slice is resampled to. */
  inputSize: number;
  /**
   * How the benchmark column of D is chosen for the sender's order (both methods order
   * the sender's slices by ascending distance to this benchmark).
   */
  benchmark: 'max-distance-sum';
  /** How the receiver gets the sender's order (see OrderingMethod). */
  method: OrderingMethod;
}
