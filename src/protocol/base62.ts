/**
 * Base-62 coding of arbitrary Unicode text over the paper's 62-character alphabet
 * (NOTES section 2, paragraph on Unicode). The paper (section 4.8) can only hide
 * a..z, A..Z, 0..9; a name such as "Zoë Ångström 李" is first turned into UTF-8 bytes
 * and those bytes into a base-62 numeral whose digits are ALPHABET characters, each of
 * which is then hidden like any other character (section 4.9).
 *
 * Layout: bytes' = [0x01, ...utf8(text)], read as one big-endian unsigned integer V
 * (BigInt), written in base 62 most significant digit first, digit d = ALPHABET[d]
 * ('a' = 0, 'b' = 1, ..., '9' = 61), with no leading zero digit ('a').
 *
 * Why the 0x01 sentinel byte: a plain big-endian integer would lose leading 0x00 bytes
 * (U+0000 characters at the start) and the empty string would have no digits at all.
 * With the sentinel, V >= 1 always, the byte length is recoverable exactly, the empty
 * string encodes to "b" (V = 1), and a decoder can reject numerals whose top byte is not
 * 0x01 (a cheap check that the digits came from this encoder).
 *
 * Worked example (hand-checked in the tests): "A" -> [0x01, 0x41] -> V = 256 + 65 = 321
 * = 5 * 62 + 11 -> digits [5, 11] -> "fl".
 *
 * Size: about 1.34 characters per UTF-8 byte (8 / log2(62)), plus at most 2 for the
 * sentinel. Pure TypeScript; uses only TextEncoder/TextDecoder and BigInt, which exist in
 * the page, in Workers and in Node.
 */
import { ALPHABET, ALPHABET_SIZE, alphabetIndex, describeChar } from './alphabet';

/** Thrown for input that is not a base-62 numeral produced by this module, or unencodable text. */
export class Base62Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Base62Error';
  }
}

const BASE = BigInt(ALPHABET_SIZE);
const SENTINEL = 0x01;

/** UTF-8 encoder; text with an unpaired surrogate is rejected (TextEncoder would silently write U+FFFD). */
export function utf8Encode(text: string): Uint8Array {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      throw new Base62Error(`The text has an unpaired surrogate (U+${c.toString(16).toUpperCase()}) at position ${i}; it is not valid Unicode.`);
    }
    if (c >= 0xdc00 && c <= 0xdfff) {
      throw new Base62Error(`The text has an unpaired surrogate (U+${c.toString(16).toUpperCase()}) at position ${i}; it is not valid Unicode.`);
    }
  }
  return new TextEncoder().encode(text);
}

/** Strict UTF-8 decoder: malformed bytes throw Base62Error instead of becoming U+FFFD. */
export function utf8Decode(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new Base62Error('The decoded bytes are not valid UTF-8 text.');
  }
}

/** Bytes -> base-62 numeral over ALPHABET, with the 0x01 sentinel prefix (see module doc). */
export function bytesToBase62(bytes: Uint8Array): string {
  let v = BigInt(SENTINEL);
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  const digits: string[] = [];
  while (v > 0n) {
    digits.push(ALPHABET[Number(v % BASE)]);
    v /= BASE;
  }
  return digits.reverse().join('');
}

/** Base-62 numeral -> the bytes given to bytesToBase62. Throws Base62Error on any invalid input. */
export function base62ToBytes(numeral: string): Uint8Array {
  if (typeof numeral !== 'string' || numeral.length === 0) {
    throw new Base62Error('The base-62 text is empty.');
  }
  let v = 0n;
  let pos = 0;
  for (const ch of numeral) {
    const d = alphabetIndex(ch);
    if (d < 0) {
      throw new Base62Error(`The base-62 text has ${describeChar(ch)} at position ${pos}, which is not one of a-z, A-Z, 0-9.`);
    }
    if (pos === 0 && d === 0) {
      throw new Base62Error("The base-62 text starts with 'a' (a leading zero digit); it was not produced by this encoder.");
    }
    v = v * BASE + BigInt(d);
    pos++;
  }
  const out: number[] = [];
  while (v > 0n) {
    out.push(Number(v & 0xffn));
    v >>= 8n;
  }
  out.reverse();
  if (out[0] !== SENTINEL) {
    throw new Base62Error('The base-62 text does not carry the 0x01 marker byte; it was not produced by this encoder or was damaged.');
  }
  return Uint8Array.from(out.slice(1));
}

/** Any Unicode string -> base-62 numeral of its UTF-8 bytes. '' -> 'b'. */
export function encodeBase62(text: string): string {
  return bytesToBase62(utf8Encode(text));
}

/** Inverse of encodeBase62. Throws Base62Error for digits outside ALPHABET, a missing marker or invalid UTF-8. */
export function decodeBase62(numeral: string): string {
  return utf8Decode(base62ToBytes(numeral));
}
