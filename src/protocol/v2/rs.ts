/**
 * Reed-Solomon codes over GF(2^8) (Reed & Solomon 1960, "Polynomial codes over certain
 * finite fields"), systematic, decoded in the standard BCH view: syndromes,
 * Berlekamp-Massey with erasures (Massey 1969; Blahut, "Algebraic Codes for Data
 * Transmission", 2003, section 7.6), Chien search and Forney's formula.
 *
 * Why GF(2^8) and not GF(2^4) although the images carry 4-bit symbols (mapping.ts): a
 * code over GF(2^q) has at most 2^q - 1 symbols per codeword, i.e. 15 nibbles over
 * GF(2^4), far too short for a record of 60-200 bytes (it would need many tiny,
 * individually weak blocks). Over GF(2^8) one codeword holds up to 255 bytes, and
 * payload.ts carries each byte as two 4-bit symbols (high nibble first). A wrong or
 * erased nibble makes its byte wrong or erased; the byte code then corrects it.
 *
 * Field: GF(2)[x] / (x^8 + x^4 + x^3 + x^2 + 1) (0x11d, the polynomial of QR codes,
 * CCSDS-free variants and most software RS codecs), primitive element alpha = 2.
 * Generator: g(x) = prod_{i=0}^{nParity-1} (x - alpha^i) (first consecutive root
 * alpha^0). Worked values (hand-checked in the tests):
 *   nParity = 2: g(x) = (x + 1)(x + 2) = x^2 + 3x + 2       -> [1, 3, 2]
 *   nParity = 4: g(x) = x^4 + 15x^3 + 54x^2 + 120x + 64     -> [1, 15, 54, 120, 64]
 *
 * Layout: a codeword is data ‖ parity (n = k + nParity <= 255 bytes). Byte i of a
 * codeword of length n is the coefficient of x^(n-1-i); its error locator is
 * X = alpha^(n-1-i). Shorter codes are shortened RS codes (leading zero data implied).
 *
 * Capacity: with nParity parity bytes the decoder corrects any e errors and f erasures
 * (known-bad positions) with 2e + f <= nParity. Beyond that it either reports failure
 * or (rarely) miscorrects to another codeword; payload.ts therefore checks a keyed
 * digest of the decoded record as well.
 */

const PRIM = 0x11d;
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= PRIM;
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255];
}

/** GF(2^8) product. */
export function gfMul(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  return EXP[LOG[a] + LOG[b]];
}

/** GF(2^8) quotient a / b (b != 0). */
export function gfDiv(a: number, b: number): number {
  if (b === 0) throw new RangeError('gfDiv: division by zero');
  if (a === 0) return 0;
  return EXP[(LOG[a] + 255 - LOG[b]) % 255];
}

/** alpha^e for any integer e. */
export function gfPowAlpha(e: number): number {
  return EXP[((e % 255) + 255) % 255];
}

function gfInv(a: number): number {
  return gfDiv(1, a);
}

/** Evaluate a polynomial given highest degree first (Horner). */
function evalDesc(p: ArrayLike<number>, x: number): number {
  let y = 0;
  for (let i = 0; i < p.length; i++) y = gfMul(y, x) ^ p[i];
  return y;
}

/** Evaluate a polynomial given lowest degree first. */
function evalAsc(p: readonly number[], x: number): number {
  let y = 0;
  for (let i = p.length - 1; i >= 0; i--) y = gfMul(y, x) ^ p[i];
  return y;
}

/** Product of polynomials given lowest degree first. */
function mulAsc(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(a.length + b.length - 1).fill(0);
  for (let i = 0; i < a.length; i++) {
    if (a[i] === 0) continue;
    for (let j = 0; j < b.length; j++) out[i + j] ^= gfMul(a[i], b[j]);
  }
  return out;
}

function checkParity(nParity: number): void {
  if (!Number.isInteger(nParity) || nParity < 0 || nParity > 254) {
    throw new RangeError(`Reed-Solomon: nParity must be an integer in 0..254, got ${nParity}`);
  }
}

const generatorCache = new Map<number, Uint8Array>();

/** g(x) = prod_{i<nParity} (x - alpha^i), coefficients highest degree first (monic). */
export function generatorPoly(nParity: number): Uint8Array {
  checkParity(nParity);
  let g = generatorCache.get(nParity);
  if (!g) {
    let asc = [1];
    for (let i = 0; i < nParity; i++) asc = mulAsc(asc, [gfPowAlpha(i), 1]);
    g = Uint8Array.from(asc.reverse());
    generatorCache.set(nParity, g);
  }
  return g.slice();
}

/**
 * Systematic encoding: data ‖ (data(x) * x^nParity mod g(x)). Throws RangeError when
 * data.length + nParity > 255 (the code length over GF(2^8)).
 */
export function rsEncode(data: Uint8Array, nParity: number): Uint8Array {
  checkParity(nParity);
  if (data.length + nParity > 255) {
    throw new RangeError(`rsEncode: ${data.length} data + ${nParity} parity bytes exceed the 255-byte code length`);
  }
  const g = generatorPoly(nParity);
  const out = new Uint8Array(data.length + nParity);
  out.set(data);
  // Long division by the monic g; the remainder accumulates in out[k..].
  const rem = new Uint8Array(nParity);
  for (let i = 0; i < data.length; i++) {
    const coef = data[i] ^ rem[0];
    rem.copyWithin(0, 1);
    rem[nParity - 1] = 0;
    if (coef !== 0) for (let j = 0; j < nParity; j++) rem[j] ^= gfMul(g[j + 1], coef);
  }
  out.set(rem, data.length);
  return out;
}

/** S_j = r(alpha^j), j = 0..nParity-1. All zero iff r is a codeword. */
export function syndromes(received: Uint8Array, nParity: number): number[] {
  const s = new Array<number>(nParity);
  for (let j = 0; j < nParity; j++) s[j] = evalDesc(received, gfPowAlpha(j));
  return s;
}

export type RsDecodeResult =
  | {
      ok: true;
      /** The data part (first n - nParity bytes) after correction. */
      data: Uint8Array;
      /** The whole corrected codeword. */
      codeword: Uint8Array;
      /** Positions whose byte was changed (errors and erasures that were actually wrong). */
      corrected: number[];
      /** Errors found at positions not flagged as erasures. */
      errors: number;
      /** Erasures given. */
      erasures: number;
    }
  | { ok: false; reason: 'too-many-erasures' | 'uncorrectable'; message: string };

/**
 * Decode a codeword of n = received.length bytes (nParity of them parity), correcting
 * e errors and the given f erasures (0-based positions) when 2e + f <= nParity, and
 * reporting failure otherwise (or, for patterns beyond the capacity that happen to lie
 * within distance nParity/2 of another codeword, miscorrecting: callers must check).
 */
export function rsDecode(received: Uint8Array, nParity: number, erasures: readonly number[] = []): RsDecodeResult {
  checkParity(nParity);
  const n = received.length;
  if (n > 255) throw new RangeError(`rsDecode: a codeword has at most 255 bytes, got ${n}`);
  if (n < nParity) throw new RangeError(`rsDecode: ${n} bytes cannot hold ${nParity} parity bytes`);
  const eras = [...new Set(erasures)];
  for (const p of eras) {
    if (!Number.isInteger(p) || p < 0 || p >= n) throw new RangeError(`rsDecode: erasure position ${p} is outside 0..${n - 1}`);
  }
  const f = eras.length;
  if (f > nParity) {
    return { ok: false, reason: 'too-many-erasures', message: `${f} erased bytes exceed the ${nParity} parity bytes of the code.` };
  }
  const r = received.slice();
  const S = syndromes(r, nParity);
  if (S.every((v) => v === 0)) {
    // A codeword already; erasures (if any) held the right values.
    return { ok: true, data: r.slice(0, n - nParity), codeword: r, corrected: [], errors: 0, erasures: f };
  }

  // Erasure locator Gamma(x) = prod (1 + X_k x), lowest degree first.
  let gamma = [1];
  for (const p of eras) gamma = mulAsc(gamma, [1, gfPowAlpha(n - 1 - p)]);

  // Berlekamp-Massey initialised with Gamma (errors-and-erasures form, Blahut 7.6).
  let lambda = gamma.slice();
  let B = gamma.slice();
  let L = f;
  let m = 1;
  let b = 1;
  for (let k = f; k < nParity; k++) {
    let d = 0;
    for (let i = 0; i <= L && i < lambda.length; i++) {
      if (k - i >= 0) d ^= gfMul(lambda[i], S[k - i]);
    }
    if (d === 0) {
      m++;
      continue;
    }
    const coef = gfDiv(d, b);
    const next = lambda.slice();
    const need = B.length + m;
    while (next.length < need) next.push(0);
    for (let i = 0; i < B.length; i++) next[i + m] ^= gfMul(coef, B[i]);
    if (2 * L <= k + f) {
      L = k + 1 + f - L;
      B = lambda;
      b = d;
      m = 1;
    } else {
      m++;
    }
    lambda = next;
  }
  while (lambda.length > 1 && lambda[lambda.length - 1] === 0) lambda.pop();
  const degree = lambda.length - 1;
  const errorsFound = degree - f;
  if (degree !== L || errorsFound < 0 || 2 * errorsFound + f > nParity) {
    return { ok: false, reason: 'uncorrectable', message: 'Too many damaged bytes for the error-correcting code.' };
  }

  // Chien search: positions i with Lambda(X_i^-1) = 0.
  const positions: number[] = [];
  for (let i = 0; i < n; i++) {
    if (evalAsc(lambda, gfPowAlpha(-(n - 1 - i))) === 0) positions.push(i);
  }
  if (positions.length !== degree) {
    return { ok: false, reason: 'uncorrectable', message: 'Too many damaged bytes for the error-correcting code.' };
  }

  // Forney: Omega(x) = S(x) Lambda(x) mod x^nParity; with first root alpha^0,
  // e_k = X_k * Omega(X_k^-1) / Lambda'(X_k^-1).
  const omega = mulAsc(S, lambda).slice(0, nParity);
  const dLambda: number[] = [];
  for (let i = 1; i < lambda.length; i++) dLambda.push(i % 2 === 1 ? lambda[i] : 0);
  const corrected: number[] = [];
  for (const i of positions) {
    const X = gfPowAlpha(n - 1 - i);
    const Xinv = gfInv(X);
    const den = evalAsc(dLambda, Xinv);
    if (den === 0) return { ok: false, reason: 'uncorrectable', message: 'Too many damaged bytes for the error-correcting code.' };
    const e = gfMul(X, gfDiv(evalAsc(omega, Xinv), den));
    if (e !== 0) {
      r[i] ^= e;
      corrected.push(i);
    }
  }
  if (!syndromes(r, nParity).every((v) => v === 0)) {
    return { ok: false, reason: 'uncorrectable', message: 'Too many damaged bytes for the error-correcting code.' };
  }
  const eraSet = new Set(eras);
  return {
    ok: true,
    data: r.slice(0, n - nParity),
    codeword: r,
    corrected,
    errors: positions.filter((p) => !eraSet.has(p)).length,
    erasures: f,
  };
}
