/**
 * Text-level hide and reveal: coding (coding.ts) + index table (section 4.8, Fig. 8) +
 * row choice (section 4.9, Fig. 9) in one call, for the Hide and Reveal flows.
 * The hash values come from the feature pipeline (Eq. 14-15, Algorithm 3): one per row of
 * W, row r+1 at index r.
 */
import { type Coding, decodeAfterReveal, type DecodeErrorCode, encodeForHiding, type EncodeErrorCode } from './coding';
import { describeChar } from './alphabet';
import { hideSymbols, type PickRow } from './hide';
import { buildIndexTable } from './indexTable';
import { revealWithTable, type RevealError } from './reveal';

export type HideTextResult =
  | { ok: true; coding: Coding; rows: number[]; successRate: number }
  | { ok: false; code: EncodeErrorCode; message: string }
  | { ok: false; code: 'missing-characters'; message: string; missing: string[]; successRate: number };

/**
 * Hide `text` in a series given by its hash values. `coding` defaults to chooseCoding(text).
 * With 'utf8-base62', `missing` lists base-62 digits, not characters of the text.
 */
export function hideText(
  text: string,
  hashValues: readonly number[],
  options: { coding?: Coding; pickRow?: PickRow } = {},
): HideTextResult {
  const enc = encodeForHiding(text, options.coding);
  if (!enc.ok) return enc;
  const table = buildIndexTable(hashValues);
  const hidden = hideSymbols(enc.symbols, table, options.pickRow);
  if (!hidden.ok) {
    const pct = (hidden.successRate * 100).toFixed(1);
    const what = enc.coding === 'alphabet62' ? 'characters' : 'base-62 digits of the coded text';
    return {
      ok: false,
      code: 'missing-characters',
      missing: hidden.missing,
      successRate: hidden.successRate,
      message: `This series gives no row for the ${what} ${hidden.missing.map(describeChar).join(', ')} (hiding success rate ${pct} %, Eq. 19). A series with more slices covers more characters.`,
    };
  }
  return { ok: true, coding: enc.coding, rows: hidden.rows, successRate: hidden.successRate };
}

export type RevealTextResult =
  | { ok: true; text: string }
  | RevealError
  | { ok: false; code: DecodeErrorCode; message: string };

/** Reveal the text from a bundle's rows and coding and the receiver's hash values. */
export function revealText(rows: readonly number[], coding: Coding, hashValues: readonly number[]): RevealTextResult {
  const revealed = revealWithTable(rows, buildIndexTable(hashValues));
  if (!revealed.ok) return revealed;
  return decodeAfterReveal(revealed.symbols, coding);
}
