import { createCipheriv, createHmac, pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveKeys, PBKDF2_ITERATIONS, passphraseBytes, randomSalt, SALT_BYTES } from '../../../../src/protocol/v2/keys';

const salt = Uint8Array.from({ length: 16 }, (_, i) => i);

/** Independent re-derivation with node:crypto (RFC 8018 PBKDF2, RFC 5869 HKDF-Expand, one block). */
function reference(passphrase: string, s: Uint8Array, iterations: number) {
  const master = pbkdf2Sync(Buffer.from(passphrase.normalize('NFC'), 'utf8'), s, iterations, 32, 'sha256');
  const expand = (info: string) => new Uint8Array(createHmac('sha256', master).update(Buffer.concat([Buffer.from(info), Buffer.of(1)])).digest());
  return {
    enc: expand('coverless-dicom/v2/aes-gcm-256'),
    mac: expand('coverless-dicom/v2/record-mac'),
    map: expand('coverless-dicom/v2/symbol-map'),
  };
}

async function decryptsNodeCiphertext(encKey: CryptoKey, rawKey: Uint8Array): Promise<boolean> {
  const iv = new Uint8Array(12);
  const c = createCipheriv('aes-256-gcm', rawKey, iv);
  const ct = Buffer.concat([c.update(Buffer.from('probe')), c.final(), c.getAuthTag()]);
  try {
    const pt = await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, encKey, ct);
    return Buffer.from(pt).toString() === 'probe';
  } catch {
    return false;
  }
}

describe('v2 key derivation', () => {
  it('defaults to 600,000 PBKDF2-SHA-256 iterations and matches an independent derivation', async () => {
    expect(PBKDF2_ITERATIONS).toBe(600_000);
    const keys = await deriveKeys('correct horse battery staple', salt); // default iterations
    const ref = reference('correct horse battery staple', salt, 600_000);
    expect(keys.macKey).toEqual(ref.mac);
    expect(keys.mapKey).toEqual(ref.map);
    expect(await decryptsNodeCiphertext(keys.encKey, ref.enc)).toBe(true);
    expect(keys.encKey.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    expect(keys.encKey.extractable).toBe(false);
  });

  it('separates the three keys and depends on passphrase, salt and iterations', async () => {
    const a = await deriveKeys('pass', salt, 1000);
    expect(a.macKey).not.toEqual(a.mapKey);
    expect((await deriveKeys('pass', salt, 1000)).macKey).toEqual(a.macKey);
    expect((await deriveKeys('pasS', salt, 1000)).macKey).not.toEqual(a.macKey);
    expect((await deriveKeys('pass', randomSalt(), 1000)).macKey).not.toEqual(a.macKey);
    expect((await deriveKeys('pass', salt, 1001)).macKey).not.toEqual(a.macKey);
  });

  it('reads the passphrase as UTF-8 of its NFC form', async () => {
    expect(passphraseBytes('e\u0301')).toEqual(passphraseBytes('\u00e9'));
    const composed = await deriveKeys('caf\u00e9 李', salt, 1000);
    const decomposed = await deriveKeys('cafe\u0301 李', salt, 1000);
    expect(decomposed.mapKey).toEqual(composed.mapKey);
    expect(composed.mapKey).toEqual(reference('caf\u00e9 李', salt, 1000).map);
  });

  it('refuses an empty passphrase, a short salt and bad iteration counts', async () => {
    await expect(deriveKeys('', salt, 1000)).rejects.toThrow(RangeError);
    await expect(deriveKeys('x', new Uint8Array(8), 1000)).rejects.toThrow(RangeError);
    await expect(deriveKeys('x', salt, 0)).rejects.toThrow(RangeError);
    await expect(deriveKeys('x', salt, 1.5)).rejects.toThrow(RangeError);
    expect(randomSalt().length).toBe(SALT_BYTES);
    expect(randomSalt()).not.toEqual(randomSalt());
  });
});
