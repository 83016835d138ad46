/**
 * Hiding (Tan et al. 2020, section 4.9, Fig. 9): each symbol takes one row number of an
 * index-table entry carrying that symbol. "Since there are multiple row numbers for the
 * same hash sequence, we can choose anyone randomly": the default picks uniformly with
 * crypto.getRandomValues, so that repeated characters do not repeat row numbers in a
 * recognisable pattern. A symbol without any row cannot be hidden in this series (NOTES
 * step 8): the result names those symbols and the hiding success rate R_suc = k/62 (Eq. 19).
 */
import { ALPHABET_SIZE } from './alphabet';
import { coveredCharCount, type IndexTable } from './indexTable';

export type PickRow = (rows: number[]) => number;

export type HideResult =
  | { ok: true; rows: number[]; successRate: number }
  | {
      ok: false;
      /** Distinct symbols without a row, in order of first appearance. */
      missing: string[];
      /** R_suc = k / 62, k = distinct alphabet characters the table covers (Eq. 19). */
      successRate: number;
    };

/** Uniform integer in [0, n) from crypto.getRandomValues (rejection sampling, no modulo bias). */
export function secureRandomInt(n: number): number {
  if (!Number.isInteger(n) || n <= 0 || n > 0x1_0000_0000) {
    throw new RangeError(`secureRandomInt: n must be an integer in 1..2^32, got ${n}`);
  }
  const buf = new Uint32Array(1);
  const limit = Math.floor(0x1_0000_0000 / n) * n;
  for (;;) {
    globalThis.crypto.getRandomValues(buf);
    if (buf[0] < limit) return buf[0] % n;
  }
}

/** Default PickRow: any one of the rows, uniformly at random. */
export const pickRowUniform: PickRow = (rows) => rows[secureRandomInt(rows.length)];

/** Deterministic PickRow: the first (smallest) row, as in the paper's Fig. 9 example. */
export const pickRowFirst: PickRow = (rows) => rows[0];

/**
 * Map each symbol (code point) of `symbols` to a row number. Throws RangeError for an
 * empty `symbols`, or when `pickRow` returns a number that is not one of the offered rows.
 */
export function hideSymbols(symbols: string, table: IndexTable, pickRow: PickRow = pickRowUniform): HideResult {
  if (symbols.length === 0) throw new RangeError('hideSymbols: nothing to hide (empty symbols)');
  const successRate = coveredCharCount(table) / ALPHABET_SIZE;
  const chars = Array.from(symbols);
  const missing: string[] = [];
  for (const ch of chars) {
    if (!table.charToRows.has(ch) && !missing.includes(ch)) missing.push(ch);
  }
  if (missing.length > 0) return { ok: false, missing, successRate };
  const rows = chars.map((ch) => {
    const candidates = table.charToRows.get(ch)!;
    const row = pickRow(candidates.slice());
    if (!candidates.includes(row)) {
      throw new RangeError(`hideSymbols: pickRow returned ${row}, which is not a row of '${ch}'`);
    }
    return row;
  });
  return { ok: true, rows, successRate };
}
