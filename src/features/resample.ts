/**
 * Area-averaging resize (box filter) of a slice to the working resolution of the low-rank and LBP
 * stages (NOTES section 2, step 4: "a reduced working resolution"; FeatureParams.workSize).
 *
 * Each output pixel is the mean of the source area it covers, every source pixel weighted by the
 * fraction of it inside that area. With an integer factor (512 -> 128) this is the plain mean of
 * each 4 x 4 block; other ratios use the general box-overlap weights; enlarging repeats pixels.
 * Area averaging is the anti-aliased choice (OpenCV's INTER_AREA): it keeps the mean intensity
 * of every region, so the LBP cell sums change smoothly with the resolution.
 *
 * Determinism: overlaps are computed in integers (source pixel i spans [i * dst, (i + 1) * dst)
 * and output pixel x spans [x * src, (x + 1) * src) on a common grid), so the weights, and hence
 * the result, are bit-identical on every JavaScript engine.
 */

/** Per output index: the first source index and the integer overlaps with the following ones. */
interface AxisWeights {
  start: Int32Array;
  /** offsets into `overlap` for each output index; length dst + 1 */
  offset: Int32Array;
  overlap: Float64Array;
}

function axisWeights(src: number, dst: number): AxisWeights {
  const start = new Int32Array(dst);
  const offset = new Int32Array(dst + 1);
  const overlaps: number[] = [];
  for (let x = 0; x < dst; x++) {
    const a = x * src;
    const b = (x + 1) * src;
    const first = Math.floor(a / dst);
    start[x] = first;
    offset[x] = overlaps.length;
    for (let i = first; i * dst < b && i < src; i++) {
      const lo = Math.max(a, i * dst);
      const hi = Math.min(b, (i + 1) * dst);
      overlaps.push(hi - lo);
    }
  }
  offset[dst] = overlaps.length;
  return { start, offset, overlap: Float64Array.from(overlaps) };
}

/**
 * Resizes a row-major srcWidth x srcHeight image to dstWidth x dstHeight by area averaging.
 * Returns Float64 values (the input of the IALM decomposition).
 */
export function resampleArea(
  src: ArrayLike<number>,
  srcWidth: number,
  srcHeight: number,
  dstWidth: number,
  dstHeight: number,
  out?: Float64Array,
): Float64Array {
  if (src.length !== srcWidth * srcHeight) {
    throw new Error(`resampleArea: ${src.length} values for ${srcWidth} x ${srcHeight}`);
  }
  if (!(dstWidth >= 1 && dstHeight >= 1 && Number.isInteger(dstWidth) && Number.isInteger(dstHeight))) {
    throw new Error(`resampleArea: bad output size ${dstWidth} x ${dstHeight}`);
  }
  const result = out ?? new Float64Array(dstWidth * dstHeight);
  if (result.length !== dstWidth * dstHeight) throw new Error('resampleArea: output has the wrong length');
  if (srcWidth === dstWidth && srcHeight === dstHeight) {
    for (let i = 0; i < result.length; i++) result[i] = src[i];
    return result;
  }
  const wx = axisWeights(srcWidth, dstWidth);
  const wy = axisWeights(srcHeight, dstHeight);

  // Horizontal pass: srcHeight rows of dstWidth unnormalised sums.
  const rows = new Float64Array(srcHeight * dstWidth);
  for (let y = 0; y < srcHeight; y++) {
    const srcRow = y * srcWidth;
    const rowOut = y * dstWidth;
    for (let x = 0; x < dstWidth; x++) {
      let sum = 0;
      let i = wx.start[x];
      for (let o = wx.offset[x]; o < wx.offset[x + 1]; o++, i++) sum += wx.overlap[o] * src[srcRow + i];
      rows[rowOut + x] = sum;
    }
  }
  // Vertical pass, then one division by the total weight srcWidth * srcHeight.
  const total = srcWidth * srcHeight;
  for (let y = 0; y < dstHeight; y++) {
    const rowOut = y * dstWidth;
    for (let x = 0; x < dstWidth; x++) {
      let sum = 0;
      let j = wy.start[y];
      for (let o = wy.offset[y]; o < wy.offset[y + 1]; o++, j++) sum += wy.overlap[o] * rows[j * dstWidth + x];
      result[rowOut + x] = sum / total;
    }
  }
  return result;
}
