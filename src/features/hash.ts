/**
 * Difference matrix and hash sequences (paper section 4.6, Eq. 14-15, Algorithm 3; NOTES
 * section 2, step 6).
 *
 * For the LBP rows L of the ordered series (4 rows of 9 values per slice, Algorithm 2), W has
 * 4(N - 1) rows: row 4(k - 1) + i (1-based; k = 1..N-1, i = 1..4) is L's row for block i of slice
 * k + 1 minus L's row for block i of slice k. Each row of W gives a 9-bit hash
 * b_1 b_2 ... b_9, b_j = 1 when w_j >= thres (the row's mean, Eq. 15) else 0, read with the first
 * column as the most significant bit: "000000101" is 5.
 */
import type { SliceLbpRows } from './params';

/** W (Eq. 14-15's input): 4(N - 1) rows; index r (0-based) is the paper's row r + 1. */
export function differenceMatrix(series: readonly SliceLbpRows[]): number[][] {
  const w: number[][] = [];
  for (let k = 0; k + 1 < series.length; k++) {
    const current = series[k];
    const next = series[k + 1];
    if (current.length !== 4 || next.length !== 4) {
      throw new Error(`differenceMatrix: slice ${current.length !== 4 ? k : k + 1} has ${current.length !== 4 ? current.length : next.length} LBP rows, expected 4`);
    }
    for (let i = 0; i < 4; i++) {
      const a = current[i];
      const b = next[i];
      if (a.length !== b.length) throw new Error(`differenceMatrix: rows of ${a.length} and ${b.length} values`);
      w.push(b.map((value, j) => value - a[j]));
    }
  }
  return w;
}

/** Paper row number (1-based) of the difference between block i (1..4) of slices k + 1 and k (k >= 1). */
export function differenceRowNumber(k: number, i: number): number {
  return 4 * (k - 1) + i;
}

/**
 * Bits of one row of W: b_j = 1 when w_j >= mean(w) (Eq. 14-15). The test is made as
 * n w_j >= sum(w), which is exact for the integer rows LBP sums give (no rounding of the mean
 * can flip a bit that sits exactly on it).
 */
export function hashBits(row: ArrayLike<number>): Uint8Array {
  const n = row.length;
  let sum = 0;
  for (let j = 0; j < n; j++) sum += row[j];
  const bits = new Uint8Array(n);
  for (let j = 0; j < n; j++) bits[j] = n * row[j] >= sum ? 1 : 0;
  return bits;
}

/** The bits read as an unsigned integer, first bit most significant: [0,0,0,0,0,0,1,0,1] -> 5. */
export function hashValue(bits: ArrayLike<number>): number {
  let value = 0;
  for (let j = 0; j < bits.length; j++) value = value * 2 + (bits[j] ? 1 : 0);
  return value;
}

/** The bits as the paper prints them, e.g. "000000101". */
export function hashString(bits: ArrayLike<number>): string {
  let s = '';
  for (let j = 0; j < bits.length; j++) s += bits[j] ? '1' : '0';
  return s;
}

/**
 * Per bit: |w_j - mean(w)|, how far the bit is from flipping (0: on the threshold). Robust
 * protocols use it to avoid rows whose bits an attack could flip.
 */
export function bitMargins(row: ArrayLike<number>): number[] {
  const n = row.length;
  let sum = 0;
  for (let j = 0; j < n; j++) sum += row[j];
  const mean = sum / n;
  const margins: number[] = [];
  for (let j = 0; j < n; j++) margins.push(Math.abs(row[j] - mean));
  return margins;
}
