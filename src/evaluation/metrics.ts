/**
 * Evaluation metrics of the paper's section 5 (NOTES section 3).
 *
 * Hash rows can be given either as bit rows (each an array of `bits` values 0/1, first bit
 * the most significant: "000000101" is [0,0,0,0,0,0,1,0,1]) or as their integer values
 * (0 .. 2^bits - 1). `bits` defaults to 9 (one row of the difference matrix W).
 */
import { createRng } from '../util/random';

/** Bit rows (Uint8Array[] / number[][]) or hash values (number[] / Uint16Array ...). */
export type HashRows = readonly ArrayLike<number>[] | ArrayLike<number>;

export const ALPHABET_SIZE = 62;

/** Hash rows as integer values (validated). */
export function hashValues(rows: HashRows, bits = 9): Int32Array {
  const n = rows.length;
  const out = new Int32Array(n);
  const limit = 2 ** bits;
  for (let r = 0; r < n; r++) {
    const row = (rows as ArrayLike<unknown>)[r];
    if (typeof row === 'number') {
      if (!Number.isInteger(row) || row < 0 || row >= limit) {
        throw new RangeError(`row ${r + 1}: hash value ${row} is not a ${bits}-bit integer`);
      }
      out[r] = row;
    } else {
      const b = row as ArrayLike<number>;
      if (b.length !== bits) throw new RangeError(`row ${r + 1}: ${b.length} bits, expected ${bits}`);
      let v = 0;
      for (let j = 0; j < bits; j++) {
        const bit = b[j];
        if (bit !== 0 && bit !== 1) throw new RangeError(`row ${r + 1}: bit ${j + 1} is ${bit}, not 0/1`);
        v = (v << 1) | bit;
      }
      out[r] = v;
    }
  }
  return out;
}

function popcount(x: number): number {
  let c = 0;
  while (x) {
    x &= x - 1;
    c++;
  }
  return c;
}

function pairValues(clean: HashRows, attacked: HashRows, bits: number): [Int32Array, Int32Array] {
  const a = hashValues(clean, bits);
  const b = hashValues(attacked, bits);
  if (a.length !== b.length) {
    throw new RangeError(`clean has ${a.length} rows, attacked has ${b.length}: Eq. 16-18 compare the same rows`);
  }
  return [a, b];
}

/**
 * Bit accuracy, Eq. 16: Acc_bit = 1 - (sum_i b_i XOR b'_i) / m over all m = rows * bits bits.
 * Both inputs must have the same number of rows (RangeError otherwise); NaN for zero rows.
 */
export function bitAccuracy(clean: HashRows, attacked: HashRows, bits = 9): number {
  const [a, b] = pairValues(clean, attacked, bits);
  if (a.length === 0) return NaN;
  let wrong = 0;
  for (let i = 0; i < a.length; i++) wrong += popcount(a[i] ^ b[i]);
  return 1 - wrong / (a.length * bits);
}

/**
 * Block accuracy, Eq. 17-18: the fraction of rows whose `bits` bits all match.
 * Same-length inputs required; NaN for zero rows.
 */
export function blockAccuracy(clean: HashRows, attacked: HashRows, bits = 9): number {
  const [a, b] = pairValues(clean, attacked, bits);
  if (a.length === 0) return NaN;
  let ok = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) ok++;
  return ok / a.length;
}

/**
 * Block accuracy restricted to the rows a bundle uses (1-based row numbers, repeated rows
 * counted each time they are used, as each use carries one character). A row number outside
 * the clean rows is an error (RangeError); one beyond the attacked rows (the receiver's W is
 * shorter) counts as a mismatch. NaN for an empty row list.
 */
export function usedRowsBlockAccuracy(rows: readonly number[], clean: HashRows, attacked: HashRows, bits = 9): number {
  const a = hashValues(clean, bits);
  const b = hashValues(attacked, bits);
  if (rows.length === 0) return NaN;
  let ok = 0;
  for (const r of rows) {
    if (!Number.isInteger(r) || r < 1 || r > a.length) throw new RangeError(`row ${r} is not in 1..${a.length}`);
    if (r <= b.length && a[r - 1] === b[r - 1]) ok++;
  }
  return ok / rows.length;
}

/**
 * Character accuracy of a reveal: position-wise comparison of Unicode code points,
 * matches / max(expected length, revealed length). Missing or extra characters (a length
 * mismatch) therefore count as errors; two empty strings give 1.
 */
export function characterAccuracy(expected: string, revealed: string): number {
  const e = Array.from(expected);
  const r = Array.from(revealed);
  const n = Math.max(e.length, r.length);
  if (n === 0) return 1;
  let ok = 0;
  for (let i = 0; i < Math.min(e.length, r.length); i++) if (e[i] === r[i]) ok++;
  return ok / n;
}

/** Count inversions of a permutation-like integer array (merge sort, O(n log n)). */
function countInversions(seq: Int32Array): number {
  const n = seq.length;
  let src = Int32Array.from(seq);
  let dst = new Int32Array(n);
  let inv = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (src[i] <= src[j]) dst[k++] = src[i++];
        else {
          inv += mid - i;
          dst[k++] = src[j++];
        }
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return inv;
}

export interface OrderAgreement {
  /** same length and the same identity at every position */
  exact: boolean;
  /**
   * Kendall's tau-a between the two orders over the identities present in both:
   * (concordant - discordant) / (n (n - 1) / 2). 1 for the same order, -1 for the reversed
   * order. NaN when fewer than 2 identities are common.
   */
  kendallTau: number;
  /** number of identities present in both orders */
  common: number;
}

/**
 * Agreement of the sender's and the receiver's slice orders. Each order lists slice
 * identities (e.g. SOP Instance UIDs or stable indices), first = position 1; an identity may
 * appear at most once per order (RangeError otherwise). O(n log n).
 */
export function orderAgreement<T>(senderOrder: readonly T[], receiverOrder: readonly T[]): OrderAgreement {
  const recvPos = new Map<T, number>();
  receiverOrder.forEach((id, i) => {
    if (recvPos.has(id)) throw new RangeError(`receiver order lists ${String(id)} twice`);
    recvPos.set(id, i);
  });
  const seen = new Set<T>();
  const seq: number[] = [];
  for (const id of senderOrder) {
    if (seen.has(id)) throw new RangeError(`sender order lists ${String(id)} twice`);
    seen.add(id);
    const p = recvPos.get(id);
    if (p !== undefined) seq.push(p);
  }
  const n = seq.length;
  let exact = senderOrder.length === receiverOrder.length;
  for (let i = 0; exact && i < senderOrder.length; i++) if (senderOrder[i] !== receiverOrder[i]) exact = false;
  if (n < 2) return { exact, kendallTau: NaN, common: n };
  const pairs = (n * (n - 1)) / 2;
  const discordant = countInversions(Int32Array.from(seq));
  return { exact, kendallTau: (pairs - 2 * discordant) / pairs, common: n };
}

/** Number of distinct hash values among the rows. */
export function distinctHashCount(rows: HashRows, bits = 9): number {
  return new Set(hashValues(rows, bits)).size;
}

/**
 * Hiding success rate, Eq. 19: R_suc = k / 62, k = the number of alphabet characters that
 * have at least one row. With the index table of NOTES step 7 (the r-th distinct hash maps to
 * ALPHABET[r mod 62]) k = min(distinct hashes, 62), so 62 or more distinct hashes give 1.
 */
export function hidingSuccessRate(distinctHashes: number, alphabetSize = ALPHABET_SIZE): number {
  if (!Number.isInteger(distinctHashes) || distinctHashes < 0) {
    throw new RangeError(`distinct hash count must be a non-negative integer, got ${distinctHashes}`);
  }
  return Math.min(distinctHashes, alphabetSize) / alphabetSize;
}

export interface SuccessRatePoint {
  /** n: the first n slices of the ordered series */
  slices: number;
  /** rows used: rowsPerSlice * (n - 1) */
  rows: number;
  distinct: number;
  rate: number;
}

/**
 * Fig. 11 (first): hiding success rate against the number of slices used. The input is the
 * hash of every row of W for the whole ordered series (rowsPerSlice * (N - 1) rows, N slices).
 * For n = step, 2 step, ... (and N itself as a last point when N is not a multiple of step),
 * the first rowsPerSlice * (n - 1) rows are exactly the rows W has for the first n slices of
 * the series in its order (row 4(k-1)+i only depends on slices k and k+1), so R_suc is
 * computed on them. The series is not re-ordered for each n.
 */
export function successRateVsSliceCount(
  hashRowsOfSeries: HashRows,
  sliceStep = 50,
  rowsPerSlice = 4,
  bits = 9,
): SuccessRatePoint[] {
  if (!Number.isInteger(sliceStep) || sliceStep < 1) throw new RangeError('sliceStep must be a positive integer');
  const v = hashValues(hashRowsOfSeries, bits);
  if (v.length % rowsPerSlice !== 0) throw new RangeError(`${v.length} rows is not a multiple of ${rowsPerSlice}`);
  const nSlices = v.length / rowsPerSlice + 1;
  const counts: number[] = [];
  for (let n = sliceStep; n < nSlices; n += sliceStep) counts.push(n);
  counts.push(nSlices);
  const seen = new Set<number>();
  let used = 0;
  return counts.map((n) => {
    const rows = rowsPerSlice * (n - 1);
    for (; used < rows; used++) seen.add(v[used]);
    return { slices: n, rows, distinct: seen.size, rate: hidingSuccessRate(seen.size) };
  });
}

/**
 * Hash of one row w of the difference matrix W (Eq. 14-15, NOTES step 6): bit j is 1 when
 * w_j >= mean(w), first bit most significant. Compared as count * w_j >= sum(w), which is exact
 * for the integer-valued rows of LBP sums.
 */
export function hashDifferenceRow(w: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < w.length; j++) sum += w[j];
  let v = 0;
  for (let j = 0; j < w.length; j++) v = v * 2 + (w.length * w[j] >= sum ? 1 : 0);
  return v;
}

/** Hash values of W for feature rows L (rowsPerSlice rows per slice, in series order). */
export function hashesFromFeatureRows(
  L: readonly ArrayLike<number>[],
  rowsPerSlice = 4,
  hash: (w: ArrayLike<number>) => number = hashDifferenceRow,
): number[] {
  if (L.length % rowsPerSlice !== 0) throw new RangeError(`${L.length} rows is not a multiple of ${rowsPerSlice}`);
  const out: number[] = [];
  for (let r = rowsPerSlice; r < L.length; r++) {
    const cur = L[r];
    const prev = L[r - rowsPerSlice];
    if (cur.length !== prev.length) throw new RangeError('feature rows differ in length');
    const w = new Float64Array(cur.length);
    for (let j = 0; j < cur.length; j++) w[j] = cur[j] - prev[j];
    out.push(hash(w));
  }
  return out;
}

export interface SliceLossOptions {
  rowsPerSlice?: number;
  /** hash of one W row; default hashDifferenceRow (Eq. 14-15) */
  hash?: (w: ArrayLike<number>) => number;
}

export interface SliceLossResult {
  lostFraction: number;
  /** number of slices dropped: round(lostFraction * N) */
  lost: number;
  /** the dropped slices, 0-based indices in the sender's order, ascending */
  dropped: number[];
  /** rows of the sender's W: rowsPerSlice * (N - 1) */
  rows: number;
  /**
   * The receiver's block accuracy: the fraction of the sender's row numbers m (1..rows) whose
   * hash in the receiver's W (recomputed on the surviving slices) equals the sender's row m.
   * Rows beyond the receiver's shorter W count as mismatches. This is what a reveal reads.
   */
  blockAccuracy: number;
  /**
   * The fraction of the sender's rows whose two slices both survived (they are then still
   * adjacent and the row is identical): the block accuracy of an ideal receiver that could
   * re-align row numbers to slice pairs.
   */
  samePairFraction: number;
}

/**
 * Fig. 11 (second), one draw: block accuracy after the receiver lost a fraction of the slices.
 * Definition: the series has N = L.length / rowsPerSlice slices in the sender's order and the
 * sender's hashes are those of W built from L. round(lostFraction * N) slices, chosen
 * uniformly without replacement with createRng(seed), are removed; the survivors keep their
 * relative order (the ordering is assumed to recover it: only the loss is measured); W is
 * recomputed on the survivors; see SliceLossResult for the two figures returned.
 * No noise is added: rows of surviving adjacent pairs are identical by construction.
 */
export function blockAccuracyAfterSliceLoss(
  L: readonly ArrayLike<number>[],
  lostFraction: number,
  seed: number,
  opts: SliceLossOptions = {},
): SliceLossResult {
  return sliceLossDraw(L, lostFraction, createRng(seed), opts);
}

function sliceLossDraw(
  L: readonly ArrayLike<number>[],
  lostFraction: number,
  rng: { int(n: number): number },
  opts: SliceLossOptions,
): SliceLossResult {
  const rps = opts.rowsPerSlice ?? 4;
  if (!(lostFraction >= 0 && lostFraction <= 1)) throw new RangeError(`lostFraction must be in [0, 1], got ${lostFraction}`);
  if (L.length % rps !== 0) throw new RangeError(`${L.length} rows is not a multiple of ${rps}`);
  const n = L.length / rps;
  const lost = Math.round(lostFraction * n);
  // partial Fisher-Yates: the first `lost` entries of perm are the dropped slices
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < lost; i++) {
    const j = i + rng.int(n - i);
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  return { ...blockAccuracyWithDroppedSlices(L, perm.slice(0, lost), opts), lostFraction };
}

/**
 * The deterministic core of the slice-loss measure: the given slices (0-based indices in
 * the sender's order) are removed, W is recomputed on the survivors in their relative order,
 * and the receiver's rows are compared with the sender's by row number (see SliceLossResult).
 * lostFraction in the result is dropped.length / N.
 */
export function blockAccuracyWithDroppedSlices(
  L: readonly ArrayLike<number>[],
  droppedSlices: readonly number[],
  opts: SliceLossOptions = {},
): SliceLossResult {
  const rps = opts.rowsPerSlice ?? 4;
  const hash = opts.hash ?? hashDifferenceRow;
  if (L.length % rps !== 0) throw new RangeError(`${L.length} rows is not a multiple of ${rps}`);
  const n = L.length / rps;
  if (n < 2) throw new RangeError('need at least 2 slices');
  const dropped = new Uint8Array(n);
  for (const k of droppedSlices) {
    if (!Number.isInteger(k) || k < 0 || k >= n) throw new RangeError(`slice ${k} is not in 0..${n - 1}`);
    if (dropped[k]) throw new RangeError(`slice ${k} dropped twice`);
    dropped[k] = 1;
  }
  const clean = hashesFromFeatureRows(L, rps, hash);
  const kept: ArrayLike<number>[] = [];
  for (let k = 0; k < n; k++) if (!dropped[k]) for (let i = 0; i < rps; i++) kept.push(L[k * rps + i]);
  const received = kept.length >= 2 * rps ? hashesFromFeatureRows(kept, rps, hash) : [];
  let ok = 0;
  for (let m = 0; m < clean.length; m++) if (m < received.length && received[m] === clean[m]) ok++;
  let samePair = 0;
  for (let k = 0; k + 1 < n; k++) if (!dropped[k] && !dropped[k + 1]) samePair++;
  return {
    lostFraction: droppedSlices.length / n,
    lost: droppedSlices.length,
    dropped: [...droppedSlices].sort((a, b) => a - b),
    rows: clean.length,
    blockAccuracy: ok / clean.length,
    samePairFraction: samePair / (n - 1),
  };
}

export interface SliceLossPoint {
  lostFraction: number;
  lost: number;
  trials: number;
  /** mean over trials of SliceLossResult.blockAccuracy */
  blockAccuracy: number;
  /** mean over trials of SliceLossResult.samePairFraction */
  samePairFraction: number;
}

/**
 * Fig. 11 (second): the curve over several loss fractions, each averaged over `trials`
 * random draws. Fraction f's draws come from createRng(seed) alone, so a point does not
 * depend on the other fractions listed.
 */
export function blockAccuracyVsLostSlices(
  L: readonly ArrayLike<number>[],
  lostFractions: readonly number[] = [0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5],
  seed = 1,
  trials = 1,
  opts: SliceLossOptions = {},
): SliceLossPoint[] {
  if (!Number.isInteger(trials) || trials < 1) throw new RangeError('trials must be a positive integer');
  return lostFractions.map((f) => {
    const rng = createRng(seed);
    let acc = 0;
    let pair = 0;
    let lost = 0;
    for (let t = 0; t < trials; t++) {
      const r = sliceLossDraw(L, f, rng, opts);
      acc += r.blockAccuracy;
      pair += r.samePairFraction;
      lost = r.lost;
    }
    return { lostFraction: f, lost, trials, blockAccuracy: acc / trials, samePairFraction: pair / trials };
  });
}

/** Peak signal-to-noise ratio in dB of b against a (same length), for a peak value `peak`. */
export function psnr(a: ArrayLike<number>, b: ArrayLike<number>, peak = 1): number {
  if (a.length !== b.length || a.length === 0) throw new RangeError('psnr: arrays must have the same non-zero length');
  let se = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    se += d * d;
  }
  const mse = se / a.length;
  return mse === 0 ? Infinity : 10 * Math.log10((peak * peak) / mse);
}
