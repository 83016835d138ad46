import { describe, expect, it } from 'vitest';
import {
  ALPHABET,
  ALPHABET_SIZE,
  alphabetCharAt,
  alphabetIndex,
  charsOutsideAlphabet,
  describeChar,
  isAlphabetText,
} from '../../../src/protocol/alphabet';

describe('ALPHABET (section 4.8, Fig. 8)', () => {
  it('is a..z, A..Z, 0..9: 62 distinct characters', () => {
    expect(ALPHABET_SIZE).toBe(62);
    expect(ALPHABET.slice(0, 26)).toBe('abcdefghijklmnopqrstuvwxyz');
    expect(ALPHABET.slice(26, 52)).toBe('ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    expect(ALPHABET.slice(52)).toBe('0123456789');
    expect(new Set(ALPHABET).size).toBe(62);
  });

  it('indexes and wraps cyclically', () => {
    expect(alphabetIndex('a')).toBe(0);
    expect(alphabetIndex('Z')).toBe(51);
    expect(alphabetIndex('0')).toBe(52);
    expect(alphabetIndex('9')).toBe(61);
    expect(alphabetIndex(' ')).toBe(-1);
    expect(alphabetCharAt(61)).toBe('9');
    expect(alphabetCharAt(62)).toBe('a');
    expect(alphabetCharAt(62 + 51)).toBe('Z');
    expect(() => alphabetCharAt(-1)).toThrow(RangeError);
  });

  it('classifies text and names characters', () => {
    expect(isAlphabetText('Za91')).toBe(true);
    expect(isAlphabetText('Za 91')).toBe(false);
    expect(charsOutsideAlphabet('Zoë Ångström ë')).toEqual(['ë', ' ', 'Å', 'ö']);
    expect(charsOutsideAlphabet('李🩻')).toEqual(['李', '🩻']);
    expect(describeChar(' ')).toBe('space');
    expect(describeChar('ë')).toBe("U+00EB 'ë'");
    expect(describeChar('\n')).toBe('U+000A');
    expect(describeChar('🩻')).toBe("U+1FA7B '🩻'");
    expect(describeChar('Q')).toBe("'Q'");
  });
});
