/**
 * Replacement UIDs for the "U" action of the de-identification profile (DICOM PS3.15 Annex E,
 * Table E.1-1: "U - replace with a non-zero length UID that is internally consistent within a
 * set of Instances").
 *
 * Consistency is what keeps a de-identified series one series: every instance of the series
 * carries the same Study Instance UID, Series Instance UID and Frame of Reference UID, and a
 * reference from one instance to another (Referenced SOP Instance UID) must still point at the
 * other instance's new SOP Instance UID. A lookup table filled while the files are processed
 * would need the files in one place and in one order; instead the new UID is a keyed function
 * of the old one, so the same key maps the same old UID to the same new UID in any file, any
 * order, any Worker:
 *
 *   new = "2.25." + decimal( UUIDv8( first 128 bits of HMAC-SHA-256(key, old UID) ) )
 *
 * - "2.25" is the UUID-derived OID root (PS3.5 B.2, ISO/IEC 9834-8): no registered
 *   organisation root is needed, at most 44 characters (limit 64), no leading zero.
 * - The version nibble is set to 8 and the variant bits to 10 (RFC 9562 UUIDv8, "custom"),
 *   so that the integer is a well-formed UUID.
 * - With a secret random key (the default) the new UIDs cannot be linked back to the old ones,
 *   not even by someone who holds the original files; PS3.15 E.1.1 note 3 warns against
 *   unkeyed hashes for exactly that reason. A fixed seed makes the mapping reproducible (tests,
 *   or a site that deliberately wants the same pseudonymous UIDs on every export) and is then
 *   only as secret as the seed.
 *
 * SHA-256 is implemented here (FIPS 180-4, HMAC per RFC 2104) because the de-identification
 * runs synchronously in a Worker and in Node, where WebCrypto's digest is asynchronous only.
 */

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** SHA-256 digest (32 bytes) of `data` (FIPS 180-4). */
export function sha256(data: Uint8Array): Uint8Array {
  const bitLength = data.length * 8;
  const padded = new Uint8Array(Math.ceil((data.length + 9) / 64) * 64);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  // Message length in bits as a 64-bit big-endian integer (inputs here are far below 2^53 bits).
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x1_0000_0000));
  view.setUint32(padded.length - 4, bitLength >>> 0);

  const h = new Uint32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  const w = new Uint32Array(64);
  for (let block = 0; block < padded.length; block += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(block + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15];
      const b = w[i - 2];
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K[i] + w[i]) >>> 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] = (h[0] + a) >>> 0;
    h[1] = (h[1] + b) >>> 0;
    h[2] = (h[2] + c) >>> 0;
    h[3] = (h[3] + d) >>> 0;
    h[4] = (h[4] + e) >>> 0;
    h[5] = (h[5] + f) >>> 0;
    h[6] = (h[6] + g) >>> 0;
    h[7] = (h[7] + hh) >>> 0;
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) outView.setUint32(i * 4, h[i]);
  return out;
}

/** HMAC-SHA-256 (RFC 2104, block size 64 bytes). */
export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  const block = new Uint8Array(64);
  block.set(key.length > 64 ? sha256(key) : key);
  const inner = new Uint8Array(64 + message.length);
  const outer = new Uint8Array(64 + 32);
  for (let i = 0; i < 64; i++) {
    inner[i] = block[i] ^ 0x36;
    outer[i] = block[i] ^ 0x5c;
  }
  inner.set(message, 64);
  outer.set(sha256(inner), 64);
  return sha256(outer);
}

const utf8 = new TextEncoder();

/** "2.25.<decimal>" of the UUIDv8 made from the first 16 bytes of `bytes`. */
export function uuidOidFromBytes(bytes: Uint8Array): string {
  if (bytes.length < 16) throw new RangeError('uuidOidFromBytes: need at least 16 bytes');
  const u = bytes.slice(0, 16);
  u[6] = (u[6] & 0x0f) | 0x80; // version 8 (RFC 9562 5.8)
  u[8] = (u[8] & 0x3f) | 0x80; // variant 10
  let value = 0n;
  for (const byte of u) value = (value << 8n) | BigInt(byte);
  return `2.25.${value.toString(10)}`;
}

/** A consistent old UID -> new UID replacement for one de-identification run (see file doc). */
export interface UidMap {
  /** The new UID for `uid` (surrounding spaces and NULs of the stored value ignored). */
  map(uid: string): string;
  /** Number of distinct UIDs mapped so far. */
  readonly size: number;
}

/**
 * A UID map keyed by `seed`. Without a seed a random 256-bit key is drawn from
 * crypto.getRandomValues (available in Workers, pages and Node 19+), so that the new UIDs are
 * unlinkable to the old ones; pass the same seed to get the same UIDs again.
 */
export function createUidMap(seed?: string | Uint8Array): UidMap {
  let key: Uint8Array;
  if (seed === undefined) {
    key = new Uint8Array(32);
    globalThis.crypto.getRandomValues(key);
  } else {
    key = typeof seed === 'string' ? utf8.encode(seed) : seed.slice();
  }
  const cache = new Map<string, string>();
  return {
    map(uid: string): string {
      const clean = uid.replace(/[\0 ]+$/g, '').trim();
      let mapped = cache.get(clean);
      if (mapped === undefined) {
        mapped = uuidOidFromBytes(hmacSha256(key, utf8.encode(clean)));
        cache.set(clean, mapped);
      }
      return mapped;
    },
    get size() {
      return cache.size;
    },
  };
}
