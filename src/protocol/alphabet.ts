/**
 * The character table of the mapping index (Tan et al. 2020, section 4.8, Fig. 8):
 * "62 characters from lower case 'a' to capital 'Z' and the number '0' to '9'",
 * in this order: a..z, A..Z, 0..9 (NOTES section 2, step 7).
 *
 * The same alphabet doubles as the digit set of the base-62 coding of arbitrary
 * Unicode text (see base62.ts): digit d is ALPHABET[d].
 */

/** a..z, A..Z, 0..9: index r of the sorted hash list maps to ALPHABET[r mod 62]. */
export const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** 62: the number of characters in the table, the denominator of R_suc (Eq. 19). */
export const ALPHABET_SIZE = ALPHABET.length;

const INDEX_OF: ReadonlyMap<string, number> = new Map(
  Array.from(ALPHABET, (ch, i) => [ch, i] as const),
);

/** True when `ch` is exactly one character of ALPHABET. */
export function isAlphabetChar(ch: string): boolean {
  return INDEX_OF.has(ch);
}

/** Position of `ch` in ALPHABET (0..61), or -1 when it is not an alphabet character. */
export function alphabetIndex(ch: string): number {
  return INDEX_OF.get(ch) ?? -1;
}

/** ALPHABET[i mod 62] for a non-negative integer i (the cyclic mapping of Fig. 8). */
export function alphabetCharAt(i: number): string {
  if (!Number.isInteger(i) || i < 0) {
    throw new RangeError(`alphabetCharAt: index must be a non-negative integer, got ${i}`);
  }
  return ALPHABET[i % ALPHABET_SIZE];
}

/** True when every UTF-16 code unit of `text` is an ALPHABET character (true for ''). */
export function isAlphabetText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (!INDEX_OF.has(text[i])) return false;
  }
  return true;
}

/**
 * The distinct characters of `text` that are not in ALPHABET, by code point, in
 * order of first appearance (for messages such as "space and 'é' cannot be hidden").
 */
export function charsOutsideAlphabet(text: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const ch of text) {
    if (!INDEX_OF.has(ch) && !seen.has(ch)) {
      seen.add(ch);
      out.push(ch);
    }
  }
  return out;
}

/** A readable name for a character in a message: 'a', space, U+00E9 'é', U+000A. */
export function describeChar(ch: string): string {
  if (ch === ' ') return 'space';
  const cp = ch.codePointAt(0) ?? 0;
  const hex = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
  if (isAlphabetChar(ch)) return `'${ch}'`;
  // Control and invisible characters get only their code point.
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || /\s/u.test(ch)) return hex;
  return `${hex} '${ch}'`;
}
