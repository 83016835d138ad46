import { describe, expect, it } from 'vitest';
import { generatorPoly, gfDiv, gfMul, rsDecode, rsEncode, syndromes } from '../../../../src/protocol/v2/rs';
import { rng } from './synthetic';

function randomBytes(r: () => number, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
}

/** n distinct positions in 0..len-1. */
function positions(r: () => number, len: number, n: number): number[] {
  const all = Array.from({ length: len }, (_, i) => i);
  for (let i = len - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, n);
}

function corrupt(r: () => number, c: Uint8Array, at: number[]): Uint8Array {
  const out = c.slice();
  for (const p of at) out[p] ^= 1 + Math.floor(r() * 255); // never a zero change
  return out;
}

describe('GF(2^8) with x^8 + x^4 + x^3 + x^2 + 1', () => {
  it('multiplies and divides as hand-checked', () => {
    expect(gfMul(2, 0x80)).toBe(0x1d); // x * x^7 = x^8 = x^4 + x^3 + x^2 + 1
    expect(gfMul(7, 8)).toBe(56); // no reduction
    expect(gfMul(3, 3)).toBe(5); // (x + 1)^2 = x^2 + 1
    expect(gfMul(0, 77)).toBe(0);
    for (let a = 1; a < 256; a++) expect(gfMul(a, gfDiv(1, a))).toBe(1);
  });
});

describe('Reed-Solomon generator and encoding', () => {
  it('generator polynomials, hand-checked', () => {
    // (x + 1)(x + 2) = x^2 + 3x + 2
    expect([...generatorPoly(2)]).toEqual([1, 3, 2]);
    // * (x + 4) = x^3 + 7x^2 + (12 ^ 2 = 14)x + 8; * (x + 8) = x^4 + (7 ^ 8)x^3 + (56 ^ 14)x^2 + (112 ^ 8)x + 64
    expect([...generatorPoly(4)]).toEqual([1, 15, 54, 120, 64]);
    expect([...generatorPoly(0)]).toEqual([1]);
  });

  it('a one-byte message gives the generator itself (x^2 mod g = 3x + 2)', () => {
    expect([...rsEncode(Uint8Array.of(1), 2)]).toEqual([1, 3, 2]);
    // The codeword vanishes at the roots 1 and 2: 1 ^ 3 ^ 2 = 0; 4 ^ 6 ^ 2 = 0.
    expect(syndromes(Uint8Array.of(1, 3, 2), 2)).toEqual([0, 0]);
  });

  it('known answer: the QR code "hello world" block (version 1-M, 10 EC codewords)', () => {
    const data = Uint8Array.of(0x40, 0xd2, 0x75, 0x47, 0x76, 0x17, 0x32, 0x06, 0x27, 0x26, 0x96, 0xc6, 0xc6, 0x96, 0x70, 0xec);
    const code = rsEncode(data, 10);
    expect([...code.subarray(16)]).toEqual([0xbc, 0x2a, 0x90, 0x13, 0x6b, 0xaf, 0xef, 0xfd, 0x4b, 0xe0]);
    expect([...code.subarray(0, 16)]).toEqual([...data]);
  });

  it('is systematic and linear', () => {
    const r = rng(1);
    const a = randomBytes(r, 40);
    const b = randomBytes(r, 40);
    const ab = a.map((v, i) => v ^ b[i]);
    const ca = rsEncode(a, 12);
    const cb = rsEncode(b, 12);
    expect([...rsEncode(ab, 12)]).toEqual([...ca.map((v, i) => v ^ cb[i])]);
    expect(syndromes(ca, 12).every((s) => s === 0)).toBe(true);
  });

  it('refuses codewords longer than 255 bytes', () => {
    expect(() => rsEncode(new Uint8Array(240), 16)).toThrow(RangeError);
    expect(rsEncode(new Uint8Array(239), 16).length).toBe(255);
  });
});

describe('Reed-Solomon decoding', () => {
  it('corrects one error by hand: [1, 3, 2] with the middle byte hit', () => {
    const res = rsDecode(Uint8Array.of(1, 0, 2), 2);
    expect(res).toMatchObject({ ok: true, corrected: [1], errors: 1, erasures: 0 });
    if (res.ok) expect([...res.codeword]).toEqual([1, 3, 2]);
  });

  it('returns a clean codeword unchanged', () => {
    const c = rsEncode(Uint8Array.of(9, 8, 7), 4);
    const res = rsDecode(c, 4);
    expect(res).toMatchObject({ ok: true, corrected: [], errors: 0 });
    if (res.ok) expect([...res.data]).toEqual([9, 8, 7]);
  });

  it('corrects up to nParity/2 errors anywhere (data and parity)', () => {
    const r = rng(2);
    for (let trial = 0; trial < 300; trial++) {
      const k = 1 + Math.floor(r() * 120);
      const t = 2 + Math.floor(r() * 30);
      const data = randomBytes(r, k);
      const c = rsEncode(data, t);
      const e = Math.floor(r() * (Math.floor(t / 2) + 1));
      const at = positions(r, c.length, e);
      const res = rsDecode(corrupt(r, c, at), t);
      expect(res.ok).toBe(true);
      if (res.ok) {
        expect([...res.data]).toEqual([...data]);
        expect(res.errors).toBe(e);
        expect(res.corrected.slice().sort((x, y) => x - y)).toEqual(at.slice().sort((x, y) => x - y));
      }
    }
  });

  it('corrects e errors and f erasures whenever 2e + f <= nParity', () => {
    const r = rng(3);
    for (let trial = 0; trial < 300; trial++) {
      const k = 1 + Math.floor(r() * 100);
      const t = 1 + Math.floor(r() * 24);
      const data = randomBytes(r, k);
      const c = rsEncode(data, t);
      const f = Math.floor(r() * (t + 1));
      const e = Math.floor((t - f) / 2);
      const at = positions(r, c.length, Math.min(c.length, e + f));
      const erased = at.slice(0, f);
      // An erased byte may also happen to hold the right value.
      const received = corrupt(r, c, at.slice(f));
      for (const p of erased) if (r() < 0.8) received[p] = Math.floor(r() * 256);
      const res = rsDecode(received, t, erased);
      expect(res.ok).toBe(true);
      if (res.ok) expect([...res.codeword]).toEqual([...c]);
    }
  });

  it('erasures alone: up to nParity known positions, one more is refused', () => {
    const data = Uint8Array.from({ length: 20 }, (_, i) => i * 7);
    const c = rsEncode(data, 6);
    const received = c.slice();
    const erased = [0, 3, 5, 19, 22, 25];
    for (const p of erased) received[p] = 0;
    const res = rsDecode(received, 6, erased);
    expect(res.ok).toBe(true);
    if (res.ok) expect([...res.data]).toEqual([...data]);
    expect(rsDecode(received, 6, [...erased, 7])).toMatchObject({ ok: false, reason: 'too-many-erasures' });
  });

  it('beyond capacity: reports failure (or, rarely, lands on another codeword; never a non-codeword)', () => {
    const r = rng(4);
    let failures = 0;
    const trials = 300;
    for (let trial = 0; trial < trials; trial++) {
      const data = randomBytes(r, 50);
      const c = rsEncode(data, 8);
      const received = corrupt(r, c, positions(r, c.length, 5)); // 5 errors > 8/2
      const res = rsDecode(received, 8);
      if (!res.ok) {
        failures++;
        expect(res.reason).toBe('uncorrectable');
      } else {
        expect(syndromes(res.codeword, 8).every((s) => s === 0)).toBe(true);
        expect([...res.codeword]).not.toEqual([...c]);
      }
    }
    expect(failures / trials).toBeGreaterThan(0.95);
  });

  it('beyond capacity, small hand-checked cases: a 3-byte code miscorrects (hence the digest in payload.ts)', () => {
    // [1, 3, 2] -> [0, 0, 2]: S0 = 2, S1 = 2; the one-error locator X = S1/S0 = 1 = alpha^0
    // points at the last byte with value S0 = 2 -> [0, 0, 0], which IS a codeword.
    expect(rsDecode(Uint8Array.of(0, 0, 2), 2)).toMatchObject({ ok: true, corrected: [2] });
    // [1, 3, 2] -> [1, 0, 0]: S0 = 1, S1 = 4; X = 4 = alpha^2 -> byte 0, value 1 -> [0, 0, 0] again.
    expect(rsDecode(Uint8Array.of(1, 0, 0), 2)).toMatchObject({ ok: true, corrected: [0] });
  });

  it('beyond capacity, pinned cases in longer codes: failure is reported', () => {
    const c = rsEncode(Uint8Array.of(10, 20, 30, 40, 50, 60, 70, 80), 2);
    const bad = c.slice();
    bad[1] ^= 0x55;
    bad[6] ^= 0x0f;
    expect(rsDecode(bad, 2)).toMatchObject({ ok: false, reason: 'uncorrectable' });
    const c4 = rsEncode(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 4);
    const bad4 = c4.slice();
    bad4[0] ^= 1;
    bad4[5] ^= 2;
    bad4[9] ^= 3;
    expect(rsDecode(bad4, 4)).toMatchObject({ ok: false, reason: 'uncorrectable' });
    // 2 errors + 1 erasure with nParity 4 (2e + f = 5 > 4): failure too.
    const bad5 = c4.slice();
    bad5[2] ^= 9;
    bad5[11] ^= 200;
    bad5[7] = 0;
    const res = rsDecode(bad5, 4, [7]);
    if (res.ok) expect([...res.codeword]).not.toEqual([...c4]);
  });

  it('validates its arguments', () => {
    expect(() => rsDecode(new Uint8Array(3), 4)).toThrow(RangeError);
    expect(() => rsDecode(new Uint8Array(10), 4, [10])).toThrow(RangeError);
    expect(() => rsEncode(new Uint8Array(3), -1)).toThrow(RangeError);
  });
});
