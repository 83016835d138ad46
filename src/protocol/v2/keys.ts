/**
 * Keys of protocol v2, derived from the passphrase that sender and receiver share out of
 * band (issue "robust and private by design", goal a).
 *
 *   master  = PBKDF2-HMAC-SHA-256(passphrase, salt, iterations, 32 bytes)   RFC 8018 s. 5.2
 *   encKey  = HKDF-Expand(master, "coverless-dicom/v2/aes-gcm-256", 32)      RFC 5869
 *   macKey  = HKDF-Expand(master, "coverless-dicom/v2/record-mac", 32)
 *   mapKey  = HKDF-Expand(master, "coverless-dicom/v2/symbol-map", 32)
 *
 * Why PBKDF2 once and then HKDF, rather than PBKDF2 for 64 or 96 bytes: PBKDF2 computes
 * its output in independent 32-byte blocks, each costing the full iteration count. An
 * attacker testing guesses needs only the block that yields the AES key, so a longer
 * PBKDF2 output would double or triple the receiver's wait without slowing the attacker
 * at all. One 32-byte PBKDF2 output expanded by HKDF costs exactly `iterations` for both.
 * (HKDF-Extract is skipped, i.e. the PBKDF2 output serves as the PRK: it is already a
 * uniformly random-looking 32-byte key, RFC 5869 section 3.3.)
 *
 * Iterations: 600,000 by default, the OWASP Password Storage Cheat Sheet's figure for
 * PBKDF2-HMAC-SHA256 (2023); about 0.1-0.5 s in a browser. The count and the random
 * 16-byte salt (RFC 8018 s. 4.1: at least 8 bytes) travel in the bundle, so the receiver
 * recomputes the same keys; a fresh salt per bundle means equal passphrases never give
 * equal keys, and precomputed tables are useless.
 *
 * Passphrase encoding: UTF-8 of its Unicode NFC form. RFC 8018 treats a password as an
 * octet string and leaves the text encoding to the application; NFC makes "é" typed as
 * one code point (macOS/Windows keyboards) and as "e" + combining accent (some input
 * methods) give the same key.
 *
 * encKey is a non-extractable WebCrypto AES-GCM key. macKey and mapKey are raw bytes
 * (they are imported as HMAC keys where used) because the symbol table and the record
 * digest are computed in pure TypeScript around WebCrypto calls.
 */
import { buf, label, u32be } from './bytes';

export const PBKDF2_ITERATIONS = 600_000;
export const SALT_BYTES = 16;
/** A bound for reading bundles: a forged iteration count cannot freeze the page for hours. */
export const MAX_PBKDF2_ITERATIONS = 10_000_000;

export interface V2Keys {
  /** AES-GCM-256 key for the envelope (envelope.ts). */
  encKey: CryptoKey;
  /** 32 bytes: HMAC-SHA-256 key of the record digest (payload.ts). */
  macKey: Uint8Array;
  /** 32 bytes: HMAC-SHA-256 key of the symbol table and whitening stream (mapping.ts). */
  mapKey: Uint8Array;
}

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

/** A fresh random salt from crypto.getRandomValues. */
export function randomSalt(): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(SALT_BYTES));
}

/** The bytes PBKDF2 sees for a passphrase: UTF-8 of its NFC form. */
export function passphraseBytes(passphrase: string): Uint8Array {
  return new TextEncoder().encode(passphrase.normalize('NFC'));
}

/** HMAC-SHA-256(key, data) via WebCrypto. */
export async function hmacSha256(key: Uint8Array | CryptoKey, data: Uint8Array): Promise<Uint8Array> {
  const k = key instanceof Uint8Array ? await importHmacKey(key) : key;
  return new Uint8Array(await subtle().sign('HMAC', k, buf(data)));
}

/** Import raw bytes as a non-extractable HMAC-SHA-256 signing key. */
export function importHmacKey(key: Uint8Array): Promise<CryptoKey> {
  return subtle().importKey('raw', buf(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

/** HKDF-Expand (RFC 5869 section 2.3) with SHA-256, for at most 32 bytes (one block). */
function hkdfExpand32(prk: CryptoKey, info: string): Promise<Uint8Array> {
  // L <= HashLen, so OKM = T(1) = HMAC(PRK, info ‖ 0x01).
  return hmacSha256(prk, Uint8Array.of(...label(info), 0x01));
}

/**
 * Passphrase + salt -> the three v2 keys (see the module comment). Throws RangeError for
 * an empty passphrase, a salt shorter than 16 bytes or an iteration count outside
 * 1..MAX_PBKDF2_ITERATIONS; tests may lower the iterations, products must not.
 */
export async function deriveKeys(passphrase: string, salt: Uint8Array, iterations: number = PBKDF2_ITERATIONS): Promise<V2Keys> {
  if (typeof passphrase !== 'string' || passphrase.length === 0) throw new RangeError('deriveKeys: the passphrase is empty');
  if (!(salt instanceof Uint8Array) || salt.length < SALT_BYTES) throw new RangeError(`deriveKeys: the salt must have at least ${SALT_BYTES} bytes`);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS) {
    throw new RangeError(`deriveKeys: iterations must be an integer in 1..${MAX_PBKDF2_ITERATIONS}, got ${iterations}`);
  }
  const base = await subtle().importKey('raw', buf(passphraseBytes(passphrase)), 'PBKDF2', false, ['deriveBits']);
  const master = new Uint8Array(await subtle().deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: buf(salt), iterations }, base, 256));
  const prk = await importHmacKey(master);
  master.fill(0);
  const [encRaw, macKey, mapKey] = await Promise.all([
    hkdfExpand32(prk, 'coverless-dicom/v2/aes-gcm-256'),
    hkdfExpand32(prk, 'coverless-dicom/v2/record-mac'),
    hkdfExpand32(prk, 'coverless-dicom/v2/symbol-map'),
  ]);
  const encKey = await subtle().importKey('raw', buf(encRaw), { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  encRaw.fill(0);
  return { encKey, macKey, mapKey };
}

/** HMAC-SHA-256(key, label ‖ u32(a) ‖ u32(b)): a PRF block for counters (mapping.ts, payload.ts). */
export function prfBlock(key: CryptoKey, domain: string, a: number, b: number): Promise<Uint8Array> {
  return hmacSha256(key, Uint8Array.of(...label(domain), 0x00, ...u32be(a), ...u32be(b)));
}
