/**
 * The mapping index table (Tan et al. 2020, section 4.8, Fig. 8): columns Character,
 * Hash Sequence and RowNum.
 *
 * Input: one hash value per row of the difference matrix W (Eq. 14-15, Algorithm 3);
 * row r+1 (1-based, as in the paper and the bundle) is at array index r, so a series of
 * N slices gives 4(N-1) values. A 9-bit hash is stored as its integer value, first
 * column most significant ("000000101" = 5, NOTES step 6).
 *
 * Construction (NOTES step 7): the distinct hash values are sorted ascending; the r-th
 * (0-based) entry gets the character ALPHABET[r mod 62] (a..z, A..Z, 0..9); each entry
 * keeps every row number that produced its hash, ascending. With more than 62 distinct
 * hashes the characters repeat cyclically (entry 62 is 'a' again), so one character may
 * own the rows of several entries. The number of characters covered, min(k, 62) for k
 * distinct hashes, gives the hiding success rate R_suc of Eq. 19.
 */
import { ALPHABET_SIZE, alphabetCharAt } from './alphabet';

export interface IndexEntry {
  /** ALPHABET[r mod 62] for the entry's rank r among the sorted distinct hashes. */
  char: string;
  /** The hash sequence as an integer (9-bit in the paper: 0..511). */
  hash: number;
  /** 1-based rows of W that produced this hash, ascending. */
  rows: number[];
}

export interface IndexTable {
  /** Entries in ascending hash order (Fig. 8). */
  entries: IndexEntry[];
  /** char -> every row (1-based, ascending) of every entry carrying that char. */
  charToRows: Map<string, number[]>;
  /** hash -> its character. */
  hashToChar: Map<number, string>;
  /** Number of rows of W, i.e. hashValues.length = 4(N-1). */
  rowCount: number;
}

/** Build the Fig. 8 table. Throws RangeError when a hash is not a non-negative safe integer. */
export function buildIndexTable(hashValues: readonly number[]): IndexTable {
  const rowsByHash = new Map<number, number[]>();
  hashValues.forEach((h, i) => {
    if (!Number.isSafeInteger(h) || h < 0) {
      throw new RangeError(`buildIndexTable: hash of row ${i + 1} must be a non-negative integer, got ${h}`);
    }
    const rows = rowsByHash.get(h);
    if (rows) rows.push(i + 1);
    else rowsByHash.set(h, [i + 1]);
  });
  const hashes = [...rowsByHash.keys()].sort((a, b) => a - b);
  const entries: IndexEntry[] = hashes.map((hash, r) => ({
    char: alphabetCharAt(r),
    hash,
    rows: rowsByHash.get(hash)!, // already ascending: rows were appended in row order
  }));
  const charToRows = new Map<string, number[]>();
  const hashToChar = new Map<number, string>();
  for (const e of entries) {
    hashToChar.set(e.hash, e.char);
    const rows = charToRows.get(e.char);
    if (rows) rows.push(...e.rows);
    else charToRows.set(e.char, [...e.rows]);
  }
  // A character that wraps around owns rows of several entries: keep them ascending.
  if (entries.length > ALPHABET_SIZE) {
    for (const rows of charToRows.values()) rows.sort((a, b) => a - b);
  }
  return { entries, charToRows, hashToChar, rowCount: hashValues.length };
}

/** Number of distinct alphabet characters the table covers: k = min(distinct hashes, 62). */
export function coveredCharCount(table: IndexTable): number {
  return table.charToRows.size;
}

/** Hiding success rate R_suc = k / 62 (Eq. 19), a fraction in [0, 1]. */
export function hidingSuccessRate(table: IndexTable): number {
  return coveredCharCount(table) / ALPHABET_SIZE;
}
