import type { PreprocessOptions } from './preprocess';

/**
 * How the receiver gets the sender's slice order (paper 4.3, NOTES step 1), recorded in
 * the bundle as OrderingParams.method (docs/ordering.md has the measurements):
 *
 *  - 'ascending-distance-to-benchmark' (protocol v1, the paper's reading): both sides
 *    compute the order blindly from their own DenseNet features: benchmark = the slice
 *    with the largest sum of Euclidean distances (OrderingParams.benchmark), slices sorted
 *    by ascending distance to it (order.ts orderFromFeatures). Fragile under the attacks of
 *    NOTES section 3: on the real MR series 23 % of the neighbour pairs stay in place on
 *    average over 13 attacks (docs/ordering.md).
 *  - 'signature-match' (protocol v2): DenseNet inputs preprocessed as
 *    SIGNATURE_MATCH_PREPROCESS (central 60 % x 60 %, histogram-equalised; recommended
 *    OrderingParams.inputSize SIGNATURE_MATCH_INPUT_SIZE = 32). The sender's order is the
 *    one above, computed on these features; the sender also stores an order signature
 *    (signature.ts: 32 int8 values per slice, a random projection of the centred DenseNet
 *    features, standardised) inside the encrypted payload; the receiver assigns each
 *    received slice to a sender position by minimum-cost matching of its own descriptors
 *    against the signature (signature.ts recoverOrder, or recoverOrderWithRotationSearch
 *    to undo a rotated series). Needs the signature, so only where the payload can be
 *    decrypted; lost slices leave their positions empty (-1). On the real MR series every
 *    slice is placed under all the listed attacks except rotation, which the rotation
 *    search recovers (docs/ordering.md).
 */
export type OrderingMethod = 'ascending-distance-to-benchmark' | 'signature-match';

/** Every method this code can run. */
export const ORDERING_METHODS: readonly OrderingMethod[] = ['ascending-distance-to-benchmark', 'signature-match'];

/** DenseNet input preprocessing of 'signature-match' (preprocess.ts PreprocessOptions). */
export const SIGNATURE_MATCH_PREPROCESS: Readonly<PreprocessOptions> = Object.freeze({ normalisation: 'equalise', margin: 0.2 });

/** Recommended OrderingParams.inputSize for 'signature-match' (measured in docs/ordering.md). */
export const SIGNATURE_MATCH_INPUT_SIZE = 32;

/**
 * The DenseNet input preprocessing a method implies (the bundle records the method, not the
 * preprocessing): the original min/max one for 'ascending-distance-to-benchmark' and any
 * unknown method, SIGNATURE_MATCH_PREPROCESS for 'signature-match'.
 */
export function preprocessOptionsFor(method: string): PreprocessOptions {
  return method === 'signature-match' ? { ...SIGNATURE_MATCH_PREPROCESS } : {};
}

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
