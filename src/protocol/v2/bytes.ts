/**
 * Small byte helpers shared by protocol v2: unsigned LEB128 varints, strict base64, a
 * bounds-checked reader and constant-time comparison. Pure TypeScript: uses only
 * btoa/atob and TextEncoder, which exist in pages, Workers and Node >= 16.
 *
 * Varints are the unsigned LEB128 of the WebAssembly and Protocol Buffers specifications:
 * 7 bits per byte, least significant group first, high bit = "more follows". The reader
 * is strict: it refuses overlong forms (a trailing 0x00 group, so that every value has
 * exactly one encoding and a byte string has exactly one meaning) and values above
 * 2^32 - 1 (no field of the protocol is that large; a bigger number means damage).
 */

/** Thrown by ByteReader and the decoders here; `message` says what was wrong and where. */
export class ByteFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ByteFormatError';
  }
}

export const MAX_VARINT = 0xffff_ffff;

/** Append the unsigned LEB128 of `value` (an integer in 0..2^32-1) to `out`. */
export function writeVarint(out: number[], value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > MAX_VARINT) {
    throw new RangeError(`writeVarint: value must be an integer in 0..${MAX_VARINT}, got ${value}`);
  }
  let v = value;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

/** Bytes of the varint of `value` (for sizing). */
export function varintLength(value: number): number {
  const tmp: number[] = [];
  writeVarint(tmp, value);
  return tmp.length;
}

/** Sequential, bounds-checked reader over a byte string. */
export class ByteReader {
  private pos = 0;
  constructor(private readonly bytes: Uint8Array, private readonly what: string) {}

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  u8(): number {
    if (this.pos >= this.bytes.length) throw new ByteFormatError(`${this.what} ends early (byte ${this.pos} is missing).`);
    return this.bytes[this.pos++];
  }

  varint(): number {
    const start = this.pos;
    let value = 0;
    let scale = 1;
    for (let i = 0; ; i++) {
      if (i >= 5) throw new ByteFormatError(`${this.what} has a number longer than 5 bytes at byte ${start}.`);
      const b = this.u8();
      value += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) {
        if (b === 0 && i > 0) throw new ByteFormatError(`${this.what} has a number in a non-minimal form at byte ${start}.`);
        break;
      }
    }
    if (value > MAX_VARINT) throw new ByteFormatError(`${this.what} has a number above ${MAX_VARINT} at byte ${start}.`);
    return value;
  }

  take(n: number): Uint8Array {
    if (n > this.remaining) {
      throw new ByteFormatError(`${this.what} ends early: ${n} bytes are announced at byte ${this.pos}, only ${this.remaining} remain.`);
    }
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

/** Concatenate byte strings. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** ASCII/UTF-8 label bytes, for domain separation of keyed hashes. */
export function label(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Equality that takes the same time whatever the first differing byte (for MAC tags). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/** Standard base64 (RFC 4648 section 4) with '=' padding. */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Strict base64 -> bytes: only the RFC 4648 alphabet with correct padding and no
 * whitespace, and only the canonical form (unused low bits zero), so that a byte string
 * has exactly one text form (the AAD of the envelope is built from the text).
 * Returns null for anything else.
 */
export function fromBase64(text: string): Uint8Array | null {
  if (typeof text !== 'string' || !BASE64_RE.test(text)) return null;
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return toBase64(out) === text ? out : null;
}

/** Big-endian 32-bit unsigned integer bytes. */
export function u32be(v: number): Uint8Array {
  return Uint8Array.of((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
}

/**
 * Copy into a fresh ArrayBuffer-backed Uint8Array. WebCrypto accepts a BufferSource;
 * a copy keeps TypeScript's Uint8Array<ArrayBufferLike> vs ArrayBuffer typing simple and
 * guarantees that a caller's later mutation cannot race an async digest.
 */
export function buf(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(new ArrayBuffer(bytes.length));
  out.set(bytes);
  return out;
}
