/**
 * From per-slice results to the series' hash rows (paper 4.2 steps 1 and 6):
 * the DenseNet embeddings give the slice order (Eq. 8-9), the LBP rows of the
 * ordered slices give the difference matrix W and one 9-bit hash per row
 * (Eq. 14-15, Algorithm 3). Pure: the page, the workers and the Node runner
 * share it, so sender and receiver compute exactly the same thing.
 */
import type { SliceLbpRows } from '../features/params';
import { differenceMatrix, hashBits, hashValue, bitMargins } from '../features/hash';
import { orderFromFeatures } from '../ordering/order';

export interface SeriesAnalysis {
  sliceCount: number;
  /** order[k] = index (in the input list) of the slice at position k. */
  order: number[];
  /** One 9-bit hash per row of W (row r + 1 at index r). */
  hashes: number[];
  /** The bits of each row, first column first. */
  bits: Uint8Array[];
  /** Per row: the smallest |w_j - mean| over its 9 columns (how far its weakest bit is from flipping). */
  minMargins: number[];
}

/** Hash rows of a series whose order is already known. */
export function hashRowsInOrder(lbpRows: readonly SliceLbpRows[], order: readonly number[]): Omit<SeriesAnalysis, 'sliceCount' | 'order'> {
  const ordered = order.map((i) => lbpRows[i]);
  const w = differenceMatrix(ordered);
  const bits = w.map((row) => hashBits(row));
  return {
    bits,
    hashes: bits.map((b) => hashValue(b)),
    minMargins: w.map((row) => Math.min(...bitMargins(row))),
  };
}

/** The whole analysis: order by DenseNet features, then hash rows. */
export function analyseSeries(lbpRows: readonly SliceLbpRows[], embeddings: readonly Float32Array[]): SeriesAnalysis {
  if (lbpRows.length !== embeddings.length) {
    throw new Error(`analyseSeries: ${lbpRows.length} LBP results but ${embeddings.length} embeddings`);
  }
  if (lbpRows.length < 2) throw new Error('A series needs at least 2 slices: the hashes come from differences of neighbouring slices.');
  const { order } = orderFromFeatures(embeddings);
  return { sliceCount: lbpRows.length, order: [...order], ...hashRowsInOrder(lbpRows, order) };
}
