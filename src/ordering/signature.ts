/**
 * Sender-assisted ordering ("signature-match", docs/ordering.md): the sender stores, inside
 * the encrypted part of the bundle (protocol v2), a compact signature of every slice in
 * sender order; the receiver computes the same kind of signature from its own (possibly
 * renamed, shuffled and attacked) slices and gives each received slice a sender position
 * by minimum-cost assignment (matching.ts). The ordering still rests on the DenseNet
 * features of paper section 4.3; only what is computed from them changes.
 *
 * Why: the blind orders (sort by distance to a benchmark, Eq. 8-9, or a spectral chain)
 * depend on tiny distance gaps between near-identical neighbouring slices, and the attacks
 * of NOTES section 3 move the features more than those gaps (docs/ordering.md: on the real
 * MR series 23 % of the neighbour pairs stay in place on average over 13 attacks, 0 % under
 * crops). Matching a slice to its own stored signature only needs the slice to stay closer
 * to its own signature than to the others: with the 'signature-match' preprocessing
 * (params.ts) every slice is placed under every listed attack but rotation, which
 * recoverOrderWithRotationSearch undoes.
 *
 * Descriptor of a series (signatureDescriptors), identical on both sides:
 *   1. centre: subtract the series mean feature vector (an attack that shifts every
 *      slice's features alike, e.g. a blur or an intensity change, cancels out);
 *   2. project to `dims` dimensions with a Rademacher (+1/-1) matrix drawn from `seed`
 *      (util/random.ts sfc32; integer draws only, so the matrix is exact in every engine),
 *      scaled by 1/sqrt(featureLength);
 *   3. standardise each projected dimension over the series (mean 0, population standard
 *      deviation 1; a constant dimension becomes 0), which also cancels a uniform change
 *      of scale.
 * The sender quantises each value to int8: round(z * SIGNATURE_SCALE) clamped to
 * [-127, 127] (+-3.97 standard deviations).
 *
 * Signature bytes (little endian):
 *   [0] format (SIGNATURE_FORMAT = 1)   [1] dims (1..255)
 *   [2..5] seed, uint32                 [6..9] count N, uint32
 *   [10 ..] N x dims int8, position-major: the slice at sender position p, dimension j at
 *           10 + p * dims + j.
 * Size: 10 + N * dims bytes (32 dims: 3.8 KB for 120 slices, 22.4 KB for 700).
 *
 * Receiver (recoverOrder): cost(received r, position p) = sum_j (z_rj - q_pj / SCALE)^2
 * over the receiver's own standardised descriptors, minimum-cost assignment. With M
 * received slices and N positions, M < N (lost slices) leaves N - M positions empty (-1),
 * M > N leaves M - N received slices unplaced.
 *
 * Privacy: the signature is a 32-number random projection of a generic CNN's features,
 * standardised over the series: it carries no header field, no text and no pixel, and is
 * only ever stored inside the AES-GCM ciphertext. It does say which slices look alike
 * (it is, by design, a fingerprint of this series' slices), so it must not be put in the
 * public part of a bundle. A per-bundle random seed (the protocol's choice) makes two
 * bundles' signatures of the same series look unrelated.
 *
 * Pure TypeScript: no DOM, no Node API. Float64 throughout in a fixed summation order.
 */
import { createRng } from '../util/random';
import { minCostAssignment } from './matching';
import { orderFromFeatures } from './order';

export const SIGNATURE_FORMAT = 1;
export const SIGNATURE_HEADER_BYTES = 10;
/** int8 units per standard deviation. */
export const SIGNATURE_SCALE = 32;
/**
 * Default projected dimensions per slice (docs/ordering.md: on the real MR series with the
 * 'signature-match' preprocessing, 16 dimensions place 93 % of the slices under Gaussian
 * noise 0.01 and 32 place all of them; every other listed attack but rotation is 100 % with
 * either).
 */
export const DEFAULT_SIGNATURE_DIMS = 32;
/** Default projection seed when the caller gives none (the protocol should pass a random one per bundle). */
export const DEFAULT_SIGNATURE_SEED = 0x5eed0001;

export interface SignatureOptions {
  /** Projected dimensions per slice, 1..255 (default DEFAULT_SIGNATURE_DIMS). */
  dims?: number;
  /** Seed of the projection matrix, uint32 (default DEFAULT_SIGNATURE_SEED). */
  seed?: number;
}

export interface OrderSignature {
  format: number;
  dims: number;
  seed: number;
  /** Number of sender positions N. */
  count: number;
  /** N x dims int8 values, position-major. */
  values: Int8Array;
}

export class SignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignatureError';
  }
}

function checkDims(dims: number): void {
  if (!Number.isInteger(dims) || dims < 1 || dims > 255) throw new SignatureError(`signature dims must be an integer in 1..255, got ${dims}`);
}

function checkSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new SignatureError(`signature seed must be a uint32, got ${seed}`);
}

/**
 * The dims x featureLength Rademacher matrix of `seed`, row-major, entries +1/-1: entry
 * (j, i) is -1 when the (j * featureLength + i)-th draw of createRng(seed).next() is < 0.5.
 */
export function projectionMatrix(dims: number, featureLength: number, seed: number): Int8Array {
  checkDims(dims);
  checkSeed(seed);
  const rng = createRng(seed);
  const m = new Int8Array(dims * featureLength);
  for (let k = 0; k < m.length; k++) m[k] = rng.next() < 0.5 ? -1 : 1;
  return m;
}

/**
 * Steps 1-3 of the header comment: centred, projected and standardised descriptors, one
 * Float64Array of `dims` values per slice, in the given slice order. The result does not
 * depend on the order the slices are given in (up to Float64 rounding of the sums).
 */
export function signatureDescriptors(embeddings: readonly ArrayLike<number>[], dims: number, seed: number): Float64Array[] {
  checkDims(dims);
  checkSeed(seed);
  const n = embeddings.length;
  if (n === 0) return [];
  const len = embeddings[0].length;
  if (len === 0) throw new SignatureError('embeddings are empty vectors');
  for (const e of embeddings) {
    if (e.length !== len) throw new SignatureError(`embedding lengths differ: ${e.length} vs ${len}`);
    for (let i = 0; i < len; i++) if (!Number.isFinite(e[i])) throw new SignatureError('embedding has a non-finite value');
  }
  const mean = new Float64Array(len);
  for (const e of embeddings) for (let i = 0; i < len; i++) mean[i] += e[i];
  for (let i = 0; i < len; i++) mean[i] /= n;
  const r = projectionMatrix(dims, len, seed);
  const inv = 1 / Math.sqrt(len);
  const out = embeddings.map((e) => {
    const y = new Float64Array(dims);
    for (let j = 0; j < dims; j++) {
      let s = 0;
      const row = j * len;
      for (let i = 0; i < len; i++) s += r[row + i] * (e[i] - mean[i]);
      y[j] = s * inv;
    }
    return y;
  });
  for (let j = 0; j < dims; j++) {
    let m = 0;
    for (const y of out) m += y[j];
    m /= n;
    let v = 0;
    for (const y of out) v += (y[j] - m) * (y[j] - m);
    const sd = Math.sqrt(v / n);
    for (const y of out) y[j] = sd > 0 ? (y[j] - m) / sd : 0;
  }
  return out;
}

/** round(z * SIGNATURE_SCALE), halves away from zero, clamped to [-127, 127]. */
export function quantise(z: number): number {
  const v = z * SIGNATURE_SCALE;
  const q = v < 0 ? -Math.round(-v) : Math.round(v);
  return Math.max(-127, Math.min(127, q));
}

/**
 * Sender: the signature of a series, positions in sender order. `embeddings[i]` is the
 * DenseNet feature vector of slice i (any slice numbering), `senderOrder[p]` the index of
 * the slice at sender position p (a permutation of 0..n-1).
 */
export function makeOrderSignature(
  embeddings: readonly ArrayLike<number>[],
  senderOrder: readonly number[],
  options: SignatureOptions = {},
): OrderSignature {
  const dims = options.dims ?? DEFAULT_SIGNATURE_DIMS;
  const seed = options.seed ?? DEFAULT_SIGNATURE_SEED;
  const n = embeddings.length;
  if (senderOrder.length !== n) throw new SignatureError(`sender order has ${senderOrder.length} entries for ${n} slices`);
  const seen = new Uint8Array(n);
  for (const i of senderOrder) {
    if (!Number.isInteger(i) || i < 0 || i >= n || seen[i]) throw new SignatureError('sender order must be a permutation of the slice indices');
    seen[i] = 1;
  }
  const desc = signatureDescriptors(embeddings, dims, seed);
  const values = new Int8Array(n * dims);
  senderOrder.forEach((slice, p) => {
    for (let j = 0; j < dims; j++) values[p * dims + j] = quantise(desc[slice][j]);
  });
  return { format: SIGNATURE_FORMAT, dims, seed, count: n, values };
}

/** The signature as bytes (layout in the header comment). */
export function encodeOrderSignature(sig: OrderSignature): Uint8Array {
  checkDims(sig.dims);
  checkSeed(sig.seed);
  if (sig.values.length !== sig.count * sig.dims) throw new SignatureError('signature values do not match count x dims');
  const out = new Uint8Array(SIGNATURE_HEADER_BYTES + sig.values.length);
  const view = new DataView(out.buffer);
  out[0] = SIGNATURE_FORMAT;
  out[1] = sig.dims;
  view.setUint32(2, sig.seed >>> 0, true);
  view.setUint32(6, sig.count >>> 0, true);
  out.set(new Uint8Array(sig.values.buffer, sig.values.byteOffset, sig.values.length), SIGNATURE_HEADER_BYTES);
  return out;
}

/** Parses signature bytes; SignatureError on an unknown format or a wrong length. */
export function decodeOrderSignature(bytes: Uint8Array): OrderSignature {
  if (bytes.length < SIGNATURE_HEADER_BYTES) throw new SignatureError(`order signature too short (${bytes.length} bytes)`);
  if (bytes[0] !== SIGNATURE_FORMAT) throw new SignatureError(`unknown order signature format ${bytes[0]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const dims = bytes[1];
  checkDims(dims);
  const seed = view.getUint32(2, true);
  const count = view.getUint32(6, true);
  if (bytes.length !== SIGNATURE_HEADER_BYTES + count * dims) {
    throw new SignatureError(`order signature has ${bytes.length} bytes, expected ${SIGNATURE_HEADER_BYTES + count * dims} for ${count} x ${dims}`);
  }
  const values = new Int8Array(count * dims);
  values.set(new Int8Array(bytes.buffer, bytes.byteOffset + SIGNATURE_HEADER_BYTES, count * dims));
  return { format: bytes[0], dims, seed, count, values };
}

export interface RecoveredOrder {
  /** order[p] = index of the received slice at sender position p, -1 where none was matched (lost slices). */
  order: number[];
  /** positionOf[r] = sender position of received slice r, -1 when it was left out (more slices than positions). */
  positionOf: Int32Array;
  /** Matching cost of each position's slice per dimension (squared distance / dims), NaN for empty positions. */
  costs: Float64Array;
  /**
   * Mean matching cost per dimension over the matched pairs (standardised dimensions: two
   * unrelated slices cost about 2 on average). On the real MR series (docs/ordering.md):
   * 0.002 clean, at most 0.3 under the listed attacks without rotation, 0.42 under a 10
   * degree rotation (0.005 once the rotation search undoes it); another series about 1.1.
   * Above SAME_SERIES_MAX_COST the slices are probably not the series the signature was
   * made from.
   */
  meanCost: number;
}

/** See RecoveredOrder.meanCost. */
export const SAME_SERIES_MAX_COST = 0.7;

/**
 * Receiver: assigns each received slice a sender position. `embeddings[r]` is the DenseNet
 * feature vector of received slice r (any order), computed with the same model, input size
 * and preprocessing as the sender's.
 */
export function recoverOrder(embeddings: readonly ArrayLike<number>[], signature: OrderSignature | Uint8Array): RecoveredOrder {
  const sig = signature instanceof Uint8Array ? decodeOrderSignature(signature) : signature;
  const { dims, count } = sig;
  const m = embeddings.length;
  const desc = signatureDescriptors(embeddings, dims, sig.seed);
  const target = new Float64Array(sig.values.length);
  for (let k = 0; k < target.length; k++) target[k] = sig.values[k] / SIGNATURE_SCALE;
  const cost = new Float64Array(m * count);
  for (let r = 0; r < m; r++) {
    const d = desc[r];
    for (let p = 0; p < count; p++) {
      let s = 0;
      const base = p * dims;
      for (let j = 0; j < dims; j++) {
        const t = d[j] - target[base + j];
        s += t * t;
      }
      cost[r * count + p] = s;
    }
  }
  const a = minCostAssignment({ rows: m, cols: count, cost: (r, p) => cost[r * count + p] });
  const order = Array.from(a.colToRow);
  const costs = new Float64Array(count).fill(NaN);
  let sum = 0;
  let matched = 0;
  for (let p = 0; p < count; p++) {
    const r = a.colToRow[p];
    if (r < 0) continue;
    costs[p] = cost[r * count + p] / dims;
    sum += costs[p];
    matched++;
  }
  return { order, positionOf: a.rowToCol, costs, meanCost: matched > 0 ? sum / matched : NaN };
}

/**
 * Sender, in one call: the sender order of the 'signature-match' method (the paper's
 * ordering, order.ts orderFromFeatures: benchmark = largest distance sum, ascending
 * distance to it) and the signature bytes for the encrypted payload. `embeddings` are the
 * DenseNet features computed with the method's preprocessing (params.ts
 * preprocessOptionsFor('signature-match')).
 */
export function senderOrderAndSignature(
  embeddings: readonly ArrayLike<number>[],
  options: SignatureOptions = {},
): { order: number[]; signature: Uint8Array } {
  const { order } = orderFromFeatures(embeddings);
  return { order, signature: encodeOrderSignature(makeOrderSignature(embeddings, order, options)) };
}

export interface RotationSearchOptions {
  /** Keep rotation 0 without searching when its mean cost is at most this. Default 0.15. */
  acceptCost?: number;
  /** Coarse candidate rotations in degrees (0 is always tried first). Default -20..20 in steps of 5. */
  angles?: readonly number[];
  /** Refinement: after the coarse search, try best +- each step in turn. Default [2.5, 1.25]. */
  refineSteps?: readonly number[];
  /** Leave rotation 0 only for a rotation whose cost is below this fraction of the cost at 0. Default 0.5. */
  minGain?: number;
}

export interface RotationSearchResult extends RecoveredOrder {
  /** Rotation (degrees, PreprocessOptions.rotation) whose embeddings gave this order; 0 when none helped. */
  rotation: number;
  /** Every rotation tried, in order, with its mean cost. */
  tried: { rotation: number; meanCost: number }[];
}

/**
 * Receiver, with a search for a global rotation of the series (the rotation attacks of
 * NOTES section 3 turn every slice alike). First the plain recoverOrder on the embeddings
 * at rotation 0; if its mean cost is above `acceptCost`, the embeddings of the slices
 * turned by each candidate angle (`embedAt(angle)`: the same slices, in the same order,
 * preprocessed with PreprocessOptions.rotation = angle) are matched too, the best angle is
 * refined, and the order of the cheapest angle is returned, provided its cost is below
 * `minGain` times the cost at 0 (else rotation 0 stands). docs/ordering.md: a 10 degree
 * rotation costs 0.42 at 0 and 0.005 at -10, where every slice is placed.
 * Cost: one embedding pass of the series per angle tried (1 when no search is needed,
 * up to 1 + 8 + 4 with the defaults).
 */
export async function recoverOrderWithRotationSearch(
  signature: OrderSignature | Uint8Array,
  embedAt: (rotation: number) => Promise<readonly ArrayLike<number>[]>,
  options: RotationSearchOptions = {},
): Promise<RotationSearchResult> {
  const sig = signature instanceof Uint8Array ? decodeOrderSignature(signature) : signature;
  const acceptCost = options.acceptCost ?? 0.15;
  const angles = options.angles ?? [-20, -15, -10, -5, 5, 10, 15, 20];
  const refineSteps = options.refineSteps ?? [2.5, 1.25];
  const minGain = options.minGain ?? 0.5;
  const tried: { rotation: number; meanCost: number }[] = [];
  const results = new Map<number, RecoveredOrder>();
  const attempt = async (rotation: number): Promise<RecoveredOrder> => {
    const known = results.get(rotation);
    if (known) return known;
    const r = recoverOrder(await embedAt(rotation), sig);
    results.set(rotation, r);
    tried.push({ rotation, meanCost: r.meanCost });
    return r;
  };
  const atZero = await attempt(0);
  if (!(atZero.meanCost > acceptCost)) return { ...atZero, rotation: 0, tried };
  let best = 0;
  let bestCost = atZero.meanCost;
  for (const a of angles) {
    const r = await attempt(a);
    if (r.meanCost < bestCost) {
      best = a;
      bestCost = r.meanCost;
    }
  }
  if (best !== 0) {
    for (const step of refineSteps) {
      const centre = best;
      for (const a of [centre - step, centre + step]) {
        const r = await attempt(a);
        if (r.meanCost < bestCost) {
          best = a;
          bestCost = r.meanCost;
        }
      }
    }
  }
  if (best === 0 || !(bestCost < minGain * atZero.meanCost)) return { ...atZero, rotation: 0, tried };
  return { ...results.get(best)!, rotation: best, tried };
}
