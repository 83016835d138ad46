/**
 * Revealing (Tan et al. 2020, section 4.9, Fig. 9): the receiver recomputes the hash of
 * every row of W from the received series, builds the same index table (section 4.8,
 * Fig. 8) and "demaps" the hash of each row number in the bundle to its character
 * (NOTES step 10).
 */
import { buildIndexTable, type IndexTable } from './indexTable';

export interface RevealError {
  ok: false;
  code: 'row-out-of-range';
  message: string;
  /** The offending row number as given. */
  row: number;
  /** Its 0-based position in the row list. */
  position: number;
  /** The largest valid row, 4(N-1) = hashValues.length. */
  maxRow: number;
}

export type RevealResult = { ok: true; symbols: string } | RevealError;

/** Reveal with a table that is already built (e.g. shared with an evaluation). */
export function revealWithTable(rows: readonly number[], table: IndexTable): RevealResult {
  const maxRow = table.rowCount;
  const out: string[] = [];
  // hash of row r = the entry whose rows contain r; index it once.
  const charOfRow = new Array<string>(maxRow + 1);
  for (const e of table.entries) for (const r of e.rows) charOfRow[r] = e.char;
  for (let position = 0; position < rows.length; position++) {
    const row = rows[position];
    if (!Number.isInteger(row) || row < 1 || row > maxRow) {
      return {
        ok: false,
        code: 'row-out-of-range',
        row,
        position,
        maxRow,
        message:
          maxRow === 0
            ? `Row ${row} (item ${position + 1}) cannot be read: this series gives no rows (it needs at least 2 slices).`
            : `Row ${row} (item ${position + 1}) is outside 1..${maxRow}, the rows this series gives (4 per pair of neighbouring slices).`,
      };
    }
    out.push(charOfRow[row]);
  }
  return { ok: true, symbols: out.join('') };
}

/**
 * Row numbers (1-based) + the receiver's hash values (row r at index r-1) -> the symbols.
 * A row outside 1..4(N-1) gives a typed RevealError instead of a character.
 */
export function revealSymbols(rows: readonly number[], hashValues: readonly number[]): RevealResult {
  return revealWithTable(rows, buildIndexTable(hashValues));
}
