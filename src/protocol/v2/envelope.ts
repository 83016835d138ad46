/**
 * The encrypted envelope of protocol v2: AES-256-GCM (NIST SP 800-38D) over the secret
 * payload (row lists, record length; payload.ts), with the bundle's public header as
 * additional authenticated data (AAD).
 *
 * Why GCM with AAD: GCM gives confidentiality and a 128-bit authentication tag over both
 * the ciphertext and the AAD. Binding the header (format, version, KDF parameters, slice
 * count, ordering parameters with the model fingerprint, feature parameters, protection
 * parameters) means that changing any of them, e.g. to make a receiver run another model
 * or read another slice count, makes decryption fail instead of producing a wrong but
 * plausible reading.
 *
 * IV: 12 random bytes per seal (SP 800-38D section 8.2.2, RBG-based construction). Each
 * bundle has a fresh salt and hence a fresh key, so a key sees one IV in practice; the
 * random IV keeps sealing safe even if a key were reused (collision odds 2^-96 per pair).
 *
 * open() never throws at the UI: a wrong key, a changed header (AAD), a changed IV or
 * ciphertext all give { ok: false, code: 'cannot-verify' }; GCM cannot tell these apart,
 * and the message says so.
 */
import { buf } from './bytes';

export const IV_BYTES = 12;
export const TAG_BITS = 128;

export interface Sealed {
  iv: Uint8Array;
  /** Ciphertext followed by the 16-byte tag (WebCrypto's layout). */
  ciphertext: Uint8Array;
}

export type OpenResult = { ok: true; payload: Uint8Array } | { ok: false; code: 'cannot-verify'; message: string };

/** Encrypt `payload` under `encKey` with a random 12-byte IV, authenticating `aad`. */
export async function seal(payload: Uint8Array, encKey: CryptoKey, aad: Uint8Array): Promise<Sealed> {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ct = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: buf(iv), additionalData: buf(aad), tagLength: TAG_BITS },
    encKey,
    buf(payload),
  );
  return { iv, ciphertext: new Uint8Array(ct) };
}

/** Decrypt and verify; any failure (wrong key, changed AAD, IV or ciphertext) -> 'cannot-verify'. */
export async function open(sealed: Sealed, encKey: CryptoKey, aad: Uint8Array): Promise<OpenResult> {
  if (sealed.iv.length !== IV_BYTES || sealed.ciphertext.length < TAG_BITS / 8) {
    return { ok: false, code: 'cannot-verify', message: 'The encrypted part of the bundle is malformed (wrong IV or too short).' };
  }
  try {
    const pt = await globalThis.crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: buf(sealed.iv), additionalData: buf(aad), tagLength: TAG_BITS },
      encKey,
      buf(sealed.ciphertext),
    );
    return { ok: true, payload: new Uint8Array(pt) };
  } catch {
    return {
      ok: false,
      code: 'cannot-verify',
      message: 'The bundle cannot be verified: the passphrase is wrong, or the bundle was changed after it was made.',
    };
  }
}
