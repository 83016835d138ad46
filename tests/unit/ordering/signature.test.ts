import { describe, expect, it } from 'vitest';
import {
  decodeOrderSignature,
  DEFAULT_SIGNATURE_DIMS,
  encodeOrderSignature,
  makeOrderSignature,
  projectionMatrix,
  quantise,
  recoverOrder,
  recoverOrderWithRotationSearch,
  SAME_SERIES_MAX_COST,
  senderOrderAndSignature,
  SIGNATURE_HEADER_BYTES,
  signatureDescriptors,
  SignatureError,
} from '../../../src/ordering/signature';
import { orderFromFeatures } from '../../../src/ordering/order';
import { methodNeedsSignature, preprocessOptionsFor, SIGNATURE_MATCH_PREPROCESS } from '../../../src/ordering/params';
import { createRng } from '../../../src/util/random';

/** A smooth 1-D chain of slices in `len` feature dimensions: slice k is a point on a curve. */
function chainFeatures(n: number, len: number): Float32Array[] {
  return Array.from({ length: n }, (_, k) => Float32Array.from({ length: len }, (_, i) => Math.sin(0.3 * k * (1 + (i % 5)) + i) + 0.05 * k));
}

function shuffle(n: number, seed: number): number[] {
  const rng = createRng(seed);
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

describe('projection and quantisation', () => {
  it('draws a +-1 matrix that depends on the seed only', () => {
    const a = projectionMatrix(4, 100, 7);
    expect(a).toHaveLength(400);
    expect(Array.from(a).every((v) => v === 1 || v === -1)).toBe(true);
    expect(Array.from(projectionMatrix(4, 100, 7))).toEqual(Array.from(a));
    expect(Array.from(projectionMatrix(4, 100, 8))).not.toEqual(Array.from(a));
    // The first draws of seeds 1 and 2 (checked once, pinned: any change breaks old bundles).
    expect(Array.from(projectionMatrix(2, 3, 1))).toEqual([-1, 1, 1, 1, 1, 1]);
    expect(Array.from(projectionMatrix(2, 3, 2))).toEqual([1, 1, -1, 1, 1, -1]);
  });

  it('quantises z * 32, halves away from zero, clamped to +-127', () => {
    expect(quantise(0)).toBe(0);
    expect(quantise(0.5)).toBe(16);
    expect(quantise(-0.5)).toBe(-16);
    expect(quantise(1 / 64)).toBe(1); // 0.5 -> 1
    expect(quantise(-1 / 64)).toBe(-1);
    expect(quantise(3.96875)).toBe(127);
    expect(quantise(10)).toBe(127);
    expect(quantise(-10)).toBe(-127);
  });
});

describe('signatureDescriptors', () => {
  const f = chainFeatures(10, 12);

  it('gives standardised dimensions (mean 0, population sd 1)', () => {
    const d = signatureDescriptors(f, 5, 3);
    for (let j = 0; j < 5; j++) {
      const col = d.map((v) => v[j]);
      const mean = col.reduce((a, b) => a + b, 0) / col.length;
      const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length);
      expect(mean).toBeCloseTo(0, 12);
      expect(sd).toBeCloseTo(1, 12);
    }
  });

  it('ignores a common shift and a positive common scale of all features, and the slice order', () => {
    const base = signatureDescriptors(f, 5, 3);
    const moved = signatureDescriptors(f.map((v) => v.map((x, i) => 2.5 * x + 0.1 * i - 4)), 5, 3);
    for (let k = 0; k < f.length; k++) for (let j = 0; j < 5; j++) expect(moved[k][j]).toBeCloseTo(base[k][j], 5);
    const perm = shuffle(f.length, 1);
    const permuted = signatureDescriptors(perm.map((i) => f[i]), 5, 3);
    perm.forEach((i, r) => {
      for (let j = 0; j < 5; j++) expect(permuted[r][j]).toBeCloseTo(base[i][j], 12);
    });
  });

  it('maps a constant dimension to 0 and rejects bad input', () => {
    const same = Array.from({ length: 4 }, () => Float32Array.from([1, 2, 3]));
    expect(signatureDescriptors(same, 2, 1).flatMap((v) => Array.from(v))).toEqual(new Array(8).fill(0));
    expect(() => signatureDescriptors([[1, 2], [1]], 2, 1)).toThrow(SignatureError);
    expect(() => signatureDescriptors([[1, NaN]], 2, 1)).toThrow(SignatureError);
    expect(() => signatureDescriptors(same, 0, 1)).toThrow(SignatureError);
    expect(() => signatureDescriptors(same, 256, 1)).toThrow(SignatureError);
    expect(() => signatureDescriptors(same, 2, -1)).toThrow(SignatureError);
  });
});

describe('makeOrderSignature / encode / decode (hand-checked)', () => {
  // Six slices with one feature each: slice i has feature i. Centred: i - 2.5; with one
  // projected dimension and seed 2 the projection entry is +1 (pinned above); population
  // sd = sqrt(17.5 / 6) = 1.70783, so z = (i - 2.5) / 1.70783 =
  //   -1.46385, -0.87831, -0.29277, 0.29277, 0.87831, 1.46385 and z * 32 rounds to
  //   -47, -28, -9, 9, 28, 47 for slices 0..5.
  const f = [0, 1, 2, 3, 4, 5].map((v) => [v]);
  const senderOrder = [5, 3, 1, 0, 2, 4];

  it('stores the quantised descriptors position by position', () => {
    const sig = makeOrderSignature(f, senderOrder, { dims: 1, seed: 2 });
    expect(sig).toMatchObject({ format: 1, dims: 1, seed: 2, count: 6 });
    expect(Array.from(sig.values)).toEqual([47, 9, -28, -47, -9, 28]);
    const bytes = encodeOrderSignature(sig);
    // format 1, dims 1, seed 2 (uint32 LE), count 6 (uint32 LE), int8 values as bytes
    expect(Array.from(bytes)).toEqual([1, 1, 2, 0, 0, 0, 6, 0, 0, 0, 47, 9, 228, 209, 247, 28]);
    expect(decodeOrderSignature(bytes)).toEqual(sig);
  });

  it('recovers the sender order from the same slices given in another order', () => {
    const sig = makeOrderSignature(f, senderOrder, { dims: 1, seed: 2 });
    // Received: slices 2, 0, 5, 4, 1, 3 (r -> slice); sender position of slice s = senderOrder.indexOf(s).
    const received = [2, 0, 5, 4, 1, 3];
    const rec = recoverOrder(received.map((i) => f[i]), encodeOrderSignature(sig));
    expect(rec.order.map((r) => received[r])).toEqual(senderOrder);
    expect(Array.from(rec.positionOf)).toEqual(received.map((s) => senderOrder.indexOf(s)));
    expect(rec.meanCost).toBeLessThan(0.001); // only quantisation error (<= (1/64)^2)
  });

  it('rejects a sender order that is not a permutation and malformed bytes', () => {
    expect(() => makeOrderSignature(f, [0, 1, 2, 3, 4, 4])).toThrow(SignatureError);
    expect(() => makeOrderSignature(f, [0, 1, 2])).toThrow(SignatureError);
    const bytes = encodeOrderSignature(makeOrderSignature(f, senderOrder, { dims: 1, seed: 2 }));
    expect(() => decodeOrderSignature(bytes.subarray(0, 12))).toThrow(SignatureError);
    expect(() => decodeOrderSignature(Uint8Array.from([2, ...bytes.subarray(1)]))).toThrow(/format/);
    expect(() => decodeOrderSignature(new Uint8Array(5))).toThrow(SignatureError);
  });

  it('has 10 header bytes plus dims bytes per slice', () => {
    const sig = makeOrderSignature(chainFeatures(30, 64), shuffle(30, 5));
    expect(sig.dims).toBe(DEFAULT_SIGNATURE_DIMS);
    expect(encodeOrderSignature(sig)).toHaveLength(SIGNATURE_HEADER_BYTES + 30 * DEFAULT_SIGNATURE_DIMS);
  });
});

describe('recoverOrder', () => {
  const n = 24;
  const f = chainFeatures(n, 64);
  const senderOrder = shuffle(n, 11);
  const sig = encodeOrderSignature(makeOrderSignature(f, senderOrder));

  /** Received slices: a permutation of the series, features attacked by `attack`. */
  function receive(perm: number[], attack: (v: Float32Array, r: number) => Float32Array) {
    return perm.map((i, r) => attack(f[i], r));
  }

  it('recovers the exact order of shuffled, noisy, shifted and rescaled features', () => {
    const rng = createRng(3);
    const perm = shuffle(n, 21);
    // The typical distance between neighbouring slices is ~0.5 per feature; noise sd 0.05.
    const recv = receive(perm, (v) => v.map((x) => 0.8 * x + 0.3 + 0.05 * rng.normal()));
    const rec = recoverOrder(recv, sig);
    expect(rec.order.map((r) => perm[r])).toEqual(senderOrder);
    expect(rec.meanCost).toBeLessThan(0.1);
  });

  it('leaves the positions of lost slices empty and places the others', () => {
    const perm = shuffle(n, 22).slice(0, n - 2); // two slices lost
    const lost = shuffle(n, 22).slice(n - 2);
    const rec = recoverOrder(receive(perm, (v) => v), sig);
    const got = rec.order.map((r) => (r >= 0 ? perm[r] : -1));
    expect(got).toEqual(senderOrder.map((s) => (lost.includes(s) ? -1 : s)));
    expect(Number.isNaN(rec.costs[senderOrder.indexOf(lost[0])])).toBe(true);
  });

  it('leaves an extra slice unplaced', () => {
    const perm = shuffle(n, 23);
    const extra = Float32Array.from({ length: 64 }, (_, i) => 5 * Math.cos(i)); // far from the series
    const recv = [...receive(perm, (v) => v), extra];
    const rec = recoverOrder(recv, sig);
    expect(rec.positionOf[n]).toBe(-1);
    expect(rec.order.map((r) => perm[r])).toEqual(senderOrder);
  });

  it('reports a high mean cost for another series', () => {
    const rng = createRng(4);
    const other = Array.from({ length: n }, () => Float32Array.from({ length: 64 }, () => rng.normal()));
    const rec = recoverOrder(other, sig);
    expect(rec.meanCost).toBeGreaterThan(0.5);
  });

  it('gives a high mean cost for the features of another model', () => {
    // The signature does not store the feature length: features of another model give
    // another projection and hence a high cost; the bundle's model fingerprint guards this.
    const rng = createRng(5);
    const short = f.map((v) => v.slice(0, 32).map((x) => x + 0.01 * rng.normal()));
    expect(recoverOrder(short, sig).meanCost).toBeGreaterThan(0.3);
  });
});

describe('senderOrderAndSignature', () => {
  it('uses the paper order and signs it', () => {
    const f = chainFeatures(12, 32);
    const { order, signature } = senderOrderAndSignature(f, { dims: 4, seed: 9 });
    expect(order).toEqual(orderFromFeatures(f).order);
    expect(decodeOrderSignature(signature)).toEqual(makeOrderSignature(f, order, { dims: 4, seed: 9 }));
    expect(recoverOrder(f, signature).order).toEqual(order);
  });
});

describe('recoverOrderWithRotationSearch', () => {
  const n = 20;
  const f = chainFeatures(n, 64);
  const senderOrder = shuffle(n, 31);
  const sig = makeOrderSignature(f, senderOrder);
  const perm = shuffle(n, 32);

  /**
   * A fake receiver whose series was turned by `truth` degrees: embedding it turned by
   * `angle` gives the clean features plus noise growing with |angle + truth| (the
   * rotation that undoes it is -truth).
   */
  function embedder(truth: number, calls: number[]) {
    return async (angle: number) => {
      calls.push(angle);
      const rng = createRng(1000 + Math.round(angle * 100));
      const amp = 0.4 * Math.abs(angle + truth);
      return perm.map((i) => f[i].map((x) => x + amp * rng.normal()));
    };
  }

  it('keeps rotation 0 without searching when the order matches well', async () => {
    const calls: number[] = [];
    const r = await recoverOrderWithRotationSearch(sig, embedder(0, calls));
    expect(calls).toEqual([0]);
    expect(r.rotation).toBe(0);
    expect(r.order.map((k) => perm[k])).toEqual(senderOrder);
  });

  it('finds the rotation that undoes a 10 degree turn (coarse grid)', async () => {
    const calls: number[] = [];
    const r = await recoverOrderWithRotationSearch(sig, embedder(10, calls));
    expect(calls.slice(0, 9)).toEqual([0, -20, -15, -10, -5, 5, 10, 15, 20]);
    expect(r.rotation).toBe(-10);
    expect(r.meanCost).toBeLessThan(0.01);
    expect(r.order.map((k) => perm[k])).toEqual(senderOrder);
    expect(r.tried.map((t) => t.rotation)).toEqual(calls);
  });

  it('refines between grid points (7.5 degrees -> -7.5)', async () => {
    const calls: number[] = [];
    const r = await recoverOrderWithRotationSearch(sig, embedder(7.5, calls));
    expect(r.rotation).toBe(-7.5);
    expect(r.order.map((k) => perm[k])).toEqual(senderOrder);
    expect(calls.length).toBeLessThanOrEqual(1 + 8 + 4);
  });

  it('stays at 0 when no rotation helps enough (another series)', async () => {
    const rng = createRng(8);
    const other = Array.from({ length: n }, () => Float32Array.from({ length: 64 }, () => rng.normal()));
    const r = await recoverOrderWithRotationSearch(sig, async () => other);
    expect(r.rotation).toBe(0);
    expect(r.meanCost).toBeGreaterThan(SAME_SERIES_MAX_COST);
  });
});

describe('method parameters', () => {
  it('ties the preprocessing to the method name', () => {
    expect(preprocessOptionsFor('ascending-distance-to-benchmark')).toEqual({});
    expect(preprocessOptionsFor('something-new')).toEqual({});
    expect(preprocessOptionsFor('signature-match')).toEqual({ normalisation: 'equalise', margin: 0.2 });
    expect(preprocessOptionsFor('signature-match')).not.toBe(SIGNATURE_MATCH_PREPROCESS);
    expect(methodNeedsSignature('signature-match')).toBe(true);
    expect(methodNeedsSignature('ascending-distance-to-benchmark')).toBe(false);
  });
});
