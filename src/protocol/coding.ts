/**
 * How the privacy text becomes the symbols that are hidden (one row number per symbol,
 * paper section 4.9, Fig. 9), and back.
 *
 * - 'alphabet62': the paper's own scheme. Every character of the text is one of the 62
 *   characters of the index table (a..z, A..Z, 0..9, section 4.8) and is hidden as itself:
 *   "Za91" is hidden as 'Z', 'a', '9', '1'.
 * - 'utf8-base62': any other Unicode text (spaces, punctuation, accents, non-Latin
 *   scripts; NOTES section 2) is first written as the base-62 numeral of its UTF-8 bytes
 *   (base62.ts) and the digits of that numeral are hidden.
 *
 * The coding is recorded in the bundle (bundle.ts) so that the receiver decodes the
 * revealed symbols correctly. All results are plain objects (safe to postMessage).
 */
import { charsOutsideAlphabet, describeChar, isAlphabetText } from './alphabet';
import { Base62Error, decodeBase62, encodeBase62 } from './base62';

export type Coding = 'alphabet62' | 'utf8-base62';

/** The codings this page knows, in order of preference. */
export const CODINGS: readonly Coding[] = ['alphabet62', 'utf8-base62'];

export function isCoding(x: unknown): x is Coding {
  return x === 'alphabet62' || x === 'utf8-base62';
}

/** 'alphabet62' when every character is in ALPHABET (mapped directly, as in the paper), else 'utf8-base62'. */
export function chooseCoding(text: string): Coding {
  return isAlphabetText(text) ? 'alphabet62' : 'utf8-base62';
}

export type EncodeErrorCode = 'empty-text' | 'not-in-alphabet' | 'invalid-text';

export type EncodeResult =
  | { ok: true; coding: Coding; symbols: string }
  | { ok: false; code: EncodeErrorCode; message: string };

/**
 * Text -> symbols to hide. `coding` defaults to chooseCoding(text); forcing 'alphabet62'
 * on text outside the alphabet is refused with a message naming the characters.
 */
export function encodeForHiding(text: string, coding: Coding = chooseCoding(text)): EncodeResult {
  if (text.length === 0) {
    return { ok: false, code: 'empty-text', message: 'There is nothing to hide: the text is empty.' };
  }
  if (coding === 'alphabet62') {
    const bad = charsOutsideAlphabet(text);
    if (bad.length > 0) {
      return {
        ok: false,
        code: 'not-in-alphabet',
        message: `The text cannot be hidden with the paper's 62-character alphabet (a-z, A-Z, 0-9): it contains ${bad.map(describeChar).join(', ')}.`,
      };
    }
    return { ok: true, coding, symbols: text };
  }
  try {
    return { ok: true, coding, symbols: encodeBase62(text) };
  } catch (e) {
    return { ok: false, code: 'invalid-text', message: e instanceof Error ? e.message : String(e) };
  }
}

export type DecodeErrorCode = 'empty-symbols' | 'unknown-coding' | 'undecodable';

export type DecodeResult =
  | { ok: true; text: string }
  | { ok: false; code: DecodeErrorCode; message: string };

/**
 * Revealed symbols -> text. For 'utf8-base62', symbols that are not a valid numeral of
 * this encoder (wrong marker byte, invalid UTF-8) are reported as 'undecodable': the usual
 * cause is that the received series does not reproduce the sender's hashes.
 */
export function decodeAfterReveal(symbols: string, coding: Coding): DecodeResult {
  if (symbols.length === 0) {
    return { ok: false, code: 'empty-symbols', message: 'No characters were revealed.' };
  }
  if (coding === 'alphabet62') {
    const bad = charsOutsideAlphabet(symbols);
    if (bad.length > 0) {
      return { ok: false, code: 'undecodable', message: `The revealed characters contain ${bad.map(describeChar).join(', ')}, which are not in the alphabet.` };
    }
    return { ok: true, text: symbols };
  }
  if (coding === 'utf8-base62') {
    try {
      return { ok: true, text: decodeBase62(symbols) };
    } catch (e) {
      const why = e instanceof Base62Error ? e.message : String(e);
      return {
        ok: false,
        code: 'undecodable',
        message: `The revealed characters do not decode to text (${why.replace(/\.$/, '')}). The series probably does not reproduce the sender's hashes.`,
      };
    }
  }
  return { ok: false, code: 'unknown-coding', message: `Unknown text coding '${String(coding)}'.` };
}
