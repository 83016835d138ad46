/**
 * Replacement UIDs (PS3.15 Table E.1-1 action U): SHA-256 / HMAC against Node's crypto, and the
 * consistency and format of the keyed UID map.
 */
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createUidMap, hmacSha256, sha256, uuidOidFromBytes } from '../../../src/deid/uid';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function bytesOfLength(n: number, salt = 0): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + salt * 7 + 3) & 0xff;
  return out;
}

describe('sha256 / hmacSha256', () => {
  it('matches the FIPS 180-4 example "abc"', () => {
    expect(hex(sha256(new TextEncoder().encode('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('matches node:crypto at every padding boundary', () => {
    for (const n of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000]) {
      const data = bytesOfLength(n);
      expect(hex(sha256(data)), `length ${n}`).toBe(createHash('sha256').update(data).digest('hex'));
    }
  });

  it('HMAC matches node:crypto for short, block-sized and long keys', () => {
    for (const keyLength of [0, 16, 64, 65, 200]) {
      const key = bytesOfLength(keyLength, 1);
      const message = bytesOfLength(77, 2);
      expect(hex(hmacSha256(key, message)), `key ${keyLength}`).toBe(
        createHmac('sha256', key).update(message).digest('hex'),
      );
    }
  });
});

describe('uuidOidFromBytes', () => {
  it('writes a 2.25 UID of a version-8 UUID, at most 44 characters, no leading zero', () => {
    const uid = uuidOidFromBytes(new Uint8Array(16));
    expect(uid).toMatch(/^2\.25\.[1-9]\d*$/);
    const value = BigInt(uid.slice(5));
    expect((value >> 76n) & 0xfn).toBe(8n); // version nibble
    expect((value >> 62n) & 0x3n).toBe(2n); // variant 10
    const max = uuidOidFromBytes(new Uint8Array(16).fill(0xff));
    expect(max.length).toBeLessThanOrEqual(44);
  });
});

describe('createUidMap', () => {
  const old = '1.3.6.1.4.1.14519.5.2.1.149357697745643823053302398129943470751';

  it('maps the same UID to the same new UID, and different UIDs to different ones', () => {
    const map = createUidMap('seed-1');
    const a = map.map(old);
    expect(a).toMatch(/^2\.25\.\d+$/);
    expect(a.length).toBeLessThanOrEqual(64);
    expect(map.map(old)).toBe(a);
    expect(map.map(`${old}\0`)).toBe(a); // UI padding ignored
    expect(map.map(`${old} `)).toBe(a);
    expect(map.map(`${old}1`)).not.toBe(a);
    expect(map.size).toBe(2);
  });

  it('is deterministic for one seed and differs between seeds', () => {
    expect(createUidMap('seed-1').map(old)).toBe(createUidMap('seed-1').map(old));
    expect(createUidMap(new TextEncoder().encode('seed-1')).map(old)).toBe(createUidMap('seed-1').map(old));
    expect(createUidMap('seed-2').map(old)).not.toBe(createUidMap('seed-1').map(old));
  });

  it('draws a random key without a seed', () => {
    expect(createUidMap().map(old)).not.toBe(createUidMap().map(old));
  });
});
