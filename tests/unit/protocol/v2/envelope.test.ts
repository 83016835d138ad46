import { describe, expect, it } from 'vitest';
import { IV_BYTES, open, seal } from '../../../../src/protocol/v2/envelope';
import { deriveKeys } from '../../../../src/protocol/v2/keys';

const salt = new Uint8Array(16).fill(7);
const aad = new TextEncoder().encode('header v2');
const payload = Uint8Array.from({ length: 300 }, (_, i) => (i * 31) & 0xff);

describe('AES-GCM envelope', () => {
  it('round-trips with a fresh 12-byte IV each time', async () => {
    const { encKey } = await deriveKeys('pw', salt, 1000);
    const a = await seal(payload, encKey, aad);
    const b = await seal(payload, encKey, aad);
    expect(a.iv.length).toBe(IV_BYTES);
    expect(a.iv).not.toEqual(b.iv);
    expect(a.ciphertext).not.toEqual(b.ciphertext);
    expect(a.ciphertext.length).toBe(payload.length + 16);
    expect(await open(a, encKey, aad)).toEqual({ ok: true, payload });
  });

  it('wrong key, changed AAD, IV or ciphertext -> cannot-verify, never an exception', async () => {
    const { encKey } = await deriveKeys('pw', salt, 1000);
    const other = (await deriveKeys('pw2', salt, 1000)).encKey;
    const s = await seal(payload, encKey, aad);
    const flip = (u: Uint8Array, i: number) => {
      const c = u.slice();
      c[i] ^= 1;
      return c;
    };
    const results = [
      await open(s, other, aad),
      await open(s, encKey, new TextEncoder().encode('header v3')),
      await open({ ...s, iv: flip(s.iv, 0) }, encKey, aad),
      await open({ ...s, ciphertext: flip(s.ciphertext, 5) }, encKey, aad),
      await open({ ...s, ciphertext: flip(s.ciphertext, s.ciphertext.length - 1) }, encKey, aad),
      await open({ ...s, ciphertext: s.ciphertext.subarray(0, 10) }, encKey, aad),
      await open({ ...s, iv: s.iv.subarray(0, 8) }, encKey, aad),
    ];
    for (const r of results) expect(r).toMatchObject({ ok: false, code: 'cannot-verify' });
    expect(results[0].ok === false && results[0].message).toContain('passphrase is wrong');
  });
});
