/**
 * Defaults of the pipeline that the page (src/workers/engine.ts) and the Node tools
 * (scripts/eval.ts) must share, in a module with no browser-only or Node-only import.
 */
import type { OrderingParams } from '../ordering/params';

/** Side of the DenseNet input (recorded in the bundle). See docs/performance.md. */
export const DEFAULT_INPUT_SIZE = 128;

/** The ordering method of NOTES step 1 (recorded in the bundle beside the model fingerprint and input size). */
export const DEFAULT_ORDERING_METHOD: Pick<OrderingParams, 'benchmark' | 'method'> = Object.freeze({
  benchmark: 'max-distance-sum',
  method: 'ascending-distance-to-benchmark',
});
