/**
 * LBP feature matrix of one slice (paper section 4.6, Fig. 7, Algorithm 2; NOTES section 2,
 * step 5), from the basic local binary pattern of T. Ojala, M. Pietikäinen & D. Harwood, "A
 * comparative study of texture measures with classification based on featured distributions",
 * Pattern Recognition 29(1), 1996.
 *
 *   1. M (the low-rank part) is split into 2 x 2 blocks in row-major order: top-left, top-right,
 *      bottom-left, bottom-right. Rows split at floor(height / 2), columns at floor(width / 2):
 *      the remainder goes to the last row / column of blocks.
 *   2. Each block gets the basic LBP code, 8 neighbours at radius 1, computed inside the block
 *      only: its border pixels, which lack a neighbour within the block, get no code.
 *      s = 1 when neighbour >= centre ('ge', NOTES' choice; the paper's Eq. 5 leaves equality
 *      open) or neighbour > centre ('gt'). Bit order: clockwise from the top-left neighbour,
 *      which is the most significant bit:
 *
 *          128  64  32
 *            1   c  16
 *            2   4   8
 *
 *   3. Each block of codes is split 3 x 3 (integer division, remainder to the last row and
 *      column of cells) and every cell's codes are summed: 4 rows of 9 values per slice, cells
 *      in row-major order.
 */
import type { SliceLbpRows } from './params';

export type LbpCompare = 'ge' | 'gt';

/**
 * Boundaries of `parts` consecutive ranges covering 0..length: range i is
 * [bounds[i], bounds[i + 1]), each floor(length / parts) long, the last one taking the remainder.
 */
export function splitRanges(length: number, parts: number): number[] {
  const size = Math.floor(length / parts);
  const bounds: number[] = [];
  for (let i = 0; i < parts; i++) bounds.push(i * size);
  bounds.push(length);
  return bounds;
}

/**
 * LBP codes of the interior of the block rows [top, top + height) x columns [left, left + width)
 * of a row-major image with `stride` values per row. Returns (height - 2) x (width - 2) codes,
 * row-major (empty when the block is narrower than 3 pixels).
 */
export function lbpCodes(
  image: ArrayLike<number>,
  stride: number,
  top: number,
  left: number,
  width: number,
  height: number,
  compare: LbpCompare,
): { codes: Uint8Array; width: number; height: number } {
  const codeWidth = Math.max(width - 2, 0);
  const codeHeight = Math.max(height - 2, 0);
  const codes = new Uint8Array(codeWidth * codeHeight);
  // Each neighbour n is tested against the centre v (n >= v for 'ge', n > v for 'gt') in the bit
  // order above; the loop is written twice to keep the choice out of the inner loop.
  for (let y = 0; y < codeHeight; y++) {
    const centreRow = (top + y + 1) * stride + left + 1;
    const out = y * codeWidth;
    if (compare === 'ge') {
      for (let x = 0; x < codeWidth; x++) {
        const c = centreRow + x;
        const v = image[c];
        const a = c - stride;
        const b = c + stride;
        codes[out + x] =
          (image[a - 1] >= v ? 128 : 0) |
          (image[a] >= v ? 64 : 0) |
          (image[a + 1] >= v ? 32 : 0) |
          (image[c + 1] >= v ? 16 : 0) |
          (image[b + 1] >= v ? 8 : 0) |
          (image[b] >= v ? 4 : 0) |
          (image[b - 1] >= v ? 2 : 0) |
          (image[c - 1] >= v ? 1 : 0);
      }
    } else {
      for (let x = 0; x < codeWidth; x++) {
        const c = centreRow + x;
        const v = image[c];
        const a = c - stride;
        const b = c + stride;
        codes[out + x] =
          (image[a - 1] > v ? 128 : 0) |
          (image[a] > v ? 64 : 0) |
          (image[a + 1] > v ? 32 : 0) |
          (image[c + 1] > v ? 16 : 0) |
          (image[b + 1] > v ? 8 : 0) |
          (image[b] > v ? 4 : 0) |
          (image[b - 1] > v ? 2 : 0) |
          (image[c - 1] > v ? 1 : 0);
      }
    }
  }
  return { codes, width: codeWidth, height: codeHeight };
}

/** Sums of a row-major width x height array over its 3 x 3 cells (Algorithm 2, steps 7-9). */
export function cellSums3x3(values: ArrayLike<number>, width: number, height: number): number[] {
  const rows = splitRanges(height, 3);
  const cols = splitRanges(width, 3);
  const sums: number[] = [];
  for (let cy = 0; cy < 3; cy++) {
    for (let cx = 0; cx < 3; cx++) {
      let s = 0;
      for (let y = rows[cy]; y < rows[cy + 1]; y++) {
        const row = y * width;
        for (let x = cols[cx]; x < cols[cx + 1]; x++) s += values[row + x];
      }
      sums.push(s);
    }
  }
  return sums;
}

/**
 * The 4 x 9 LBP feature rows of one low-rank image (row-major width x height): one row per
 * 2 x 2 block (top-left, top-right, bottom-left, bottom-right), nine cell sums each.
 */
export function lbpFeatureRows(image: ArrayLike<number>, width: number, height: number, compare: LbpCompare): SliceLbpRows {
  if (image.length !== width * height) throw new Error(`lbpFeatureRows: ${image.length} values for ${width} x ${height}`);
  const rowBounds = splitRanges(height, 2);
  const colBounds = splitRanges(width, 2);
  const result: SliceLbpRows = [];
  for (let by = 0; by < 2; by++) {
    for (let bx = 0; bx < 2; bx++) {
      const top = rowBounds[by];
      const left = colBounds[bx];
      const block = lbpCodes(
        image,
        width,
        top,
        left,
        colBounds[bx + 1] - left,
        rowBounds[by + 1] - top,
        compare,
      );
      result.push(cellSums3x3(block.codes, block.width, block.height));
    }
  }
  return result;
}
