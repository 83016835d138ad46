import { describe, expect, it } from 'vitest';
import {
  Base62Error,
  base62ToBytes,
  bytesToBase62,
  decodeBase62,
  encodeBase62,
} from '../../../src/protocol/base62';
import { ALPHABET } from '../../../src/protocol/alphabet';

describe('base-62 coding of UTF-8 bytes with a 0x01 sentinel', () => {
  it('gives hand-computed values for tiny inputs', () => {
    // '' -> [0x01] -> 1 -> 'b'
    expect(encodeBase62('')).toBe('b');
    // 'A' -> [0x01, 0x41] -> 321 = 5*62 + 11 -> 'f','l'
    expect(encodeBase62('A')).toBe('fl');
    // 'a' -> [0x01, 0x61] -> 353 = 5*62 + 43 -> 'f', ALPHABET[43] = 'R'
    expect(encodeBase62('a')).toBe('fR');
    // U+0000 -> [0x01, 0x00] -> 256 = 4*62 + 8 -> 'e','i'
    expect(encodeBase62('\u0000')).toBe('ei');
    // two NULs -> [0x01, 0, 0] -> 65536 = (17*62 + 3)*62 + 2 -> 'r','d','c'
    expect(encodeBase62('\u0000\u0000')).toBe('rdc');
    expect(bytesToBase62(new Uint8Array([]))).toBe('b');
    expect(bytesToBase62(new Uint8Array([0x41]))).toBe('fl');
  });

  it('decodes the hand-computed values back', () => {
    expect(decodeBase62('b')).toBe('');
    expect(decodeBase62('fl')).toBe('A');
    expect(decodeBase62('fR')).toBe('a');
    expect(decodeBase62('ei')).toBe('\u0000');
    expect(decodeBase62('rdc')).toBe('\u0000\u0000');
    expect(Array.from(base62ToBytes('rdc'))).toEqual([0, 0]);
  });

  it('round-trips any Unicode text exactly', () => {
    const samples = [
      'Zoë Ångström 李',
      'Zoe\u0308 (NFD) vs Zo\u00eb (NFC)',
      '\u0000\u0000lead',
      '\uFEFFbom kept',
      'Müller-Lüdenscheidt, Dr. med.; *1950-03-07; ♀',
      'مريض 🩻 患者 пациент',
      'x'.repeat(500),
    ];
    for (const s of samples) {
      const enc = encodeBase62(s);
      expect([...enc].every((c) => ALPHABET.includes(c))).toBe(true);
      expect(enc[0]).not.toBe('a');
      expect(decodeBase62(enc)).toBe(s);
    }
  });

  it('keeps every byte value and leading zero bytes', () => {
    const bytes = new Uint8Array(256 + 3);
    bytes.set([0, 0, 0], 0);
    for (let i = 0; i < 256; i++) bytes[i + 3] = i;
    expect(Array.from(base62ToBytes(bytesToBase62(bytes)))).toEqual(Array.from(bytes));
  });

  it('rejects invalid input with a clear error', () => {
    expect(() => decodeBase62('')).toThrow(/empty/);
    expect(() => decodeBase62('ab')).toThrow(/leading zero/);
    expect(() => decodeBase62('f l')).toThrow(/space at position 1/);
    expect(() => decodeBase62('f-')).toThrow(/'-'.*position 1/);
    // 'c' = 2 -> byte 0x02: no 0x01 marker
    expect(() => decodeBase62('c')).toThrow(/marker/);
    // [0x01, 0xff] = 511 = 8*62 + 15 -> 'ip': not valid UTF-8
    expect(encodeBase62('\u00ff')).not.toBe('ip');
    expect(() => decodeBase62('ip')).toThrow(/UTF-8/);
    expect(() => decodeBase62('ip')).toThrow(Base62Error);
  });

  it('refuses text with an unpaired surrogate instead of altering it', () => {
    expect(() => encodeBase62('a\uD800b')).toThrow(/unpaired surrogate.*position 1/);
    expect(() => encodeBase62('\uDC00')).toThrow(Base62Error);
    expect(decodeBase62(encodeBase62('\uD83E\uDE7B'))).toBe('🩻');
  });
});
