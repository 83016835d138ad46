/**
 * k x k median filter (paper section 4.2, preprocessing before the low-rank decomposition;
 * NOTES section 2, step 3: 3 x 3).
 *
 * Borders: the image is extended by edge replication (the nearest edge pixel is repeated), so
 * every output pixel is the median of exactly k * k values and a constant image stays constant.
 * Zero padding would instead erode a ROI that touches the image edge, and skipping the border
 * would leave unfiltered pixels that the later LBP stage reads.
 *
 * 3 x 3 uses the column-sort selection network (each column of three sorted once per row and
 * shared by the three windows that contain it; then the median of nine is
 * med3(max of lows, med3 of middles, min of highs); A. Paeth, "Median finding on a 3x3 grid",
 * Graphics Gems 1990, and N. Devillard's opt_med9), about a dozen comparisons per pixel.
 * Other odd sizes gather the window and use Hoare's selection (quickselect).
 */

/**
 * How the window is completed past the image border: 'replicate' (the pipeline's choice,
 * above) or 'zero' (Matlab medfilt2's default, used by the evaluation's median attack).
 */
export type MedianPadding = 'replicate' | 'zero';

/**
 * Median-filters a row-major width x height image with a k x k window (k odd, >= 1).
 * `out` must not alias `src`.
 */
export function medianFilter(
  src: ArrayLike<number>,
  width: number,
  height: number,
  k: number,
  out?: Float32Array,
  padding: MedianPadding = 'replicate',
): Float32Array {
  const size = width * height;
  if (src.length !== size) throw new Error(`medianFilter: ${src.length} values for ${width} x ${height}`);
  if (!Number.isInteger(k) || k < 1 || k % 2 === 0) throw new Error(`medianFilter: window size must be odd, got ${k}`);
  const result = out ?? new Float32Array(size);
  if (result.length !== size) throw new Error(`medianFilter: output length ${result.length} != ${size}`);
  if ((result as unknown) === (src as unknown)) throw new Error('medianFilter: out must not alias src');
  if (size === 0) return result;
  if (k === 1) {
    for (let i = 0; i < size; i++) result[i] = src[i];
    return result;
  }
  if (k === 3 && padding === 'replicate') median3x3(src, width, height, result);
  else medianGeneral(src, width, height, k, result, padding);
  return result;
}

function median3x3(src: ArrayLike<number>, width: number, height: number, out: Float32Array): void {
  // Zero background (outside a ROI) is skipped: per row, the columns before the first and after
  // the last non-zero value are found by scanning in from both ends; a window that holds only
  // such columns has median 0.
  const first = new Int32Array(height);
  const last = new Int32Array(height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let f = 0;
    while (f < width && src[row + f] === 0) f++;
    let l = width;
    if (f < width) while (src[row + l - 1] === 0) l--;
    else l = 0;
    first[y] = f;
    last[y] = l;
  }
  // Column-sorted band, padded by one replicated column on each side (index x + 1 is column x),
  // so that the inner loop needs no border tests.
  const lo = new Float64Array(width + 2);
  const mid = new Float64Array(width + 2);
  const hi = new Float64Array(width + 2);
  for (let y = 0; y < height; y++) {
    const yAbove = y > 0 ? y - 1 : 0;
    const yBelow = y < height - 1 ? y + 1 : y;
    const above = yAbove * width;
    const here = y * width;
    const below = yBelow * width;
    const bandFirst = Math.min(first[yAbove], first[y], first[yBelow]);
    const bandLast = Math.max(last[yAbove], last[y], last[yBelow]);
    if (bandLast <= bandFirst) {
      out.fill(0, here, here + width);
      continue;
    }
    // Outputs that can be non-zero, and the columns their windows read.
    const x0 = bandFirst > 0 ? bandFirst - 1 : 0;
    const x1 = bandLast < width ? bandLast + 1 : width;
    const c0 = x0 > 0 ? x0 - 1 : 0;
    const c1 = x1 < width ? x1 + 1 : width;
    // Sort each column of the 3-row band.
    for (let x = c0; x < c1; x++) {
      let a = src[above + x];
      let b = src[here + x];
      let c = src[below + x];
      let t: number;
      if (a > b) { t = a; a = b; b = t; }
      if (b > c) { t = b; b = c; c = t; }
      if (a > b) { t = a; a = b; b = t; }
      lo[x + 1] = a;
      mid[x + 1] = b;
      hi[x + 1] = c;
    }
    if (c0 === 0) {
      lo[0] = lo[1];
      mid[0] = mid[1];
      hi[0] = hi[1];
    }
    if (c1 === width) {
      lo[width + 1] = lo[width];
      mid[width + 1] = mid[width];
      hi[width + 1] = hi[width];
    }
    if (x0 > 0) out.fill(0, here, here + x0);
    if (x1 < width) out.fill(0, here + x1, here + width);
    for (let x = x0; x < x1; x++) {
      // Largest of the three column minima.
      let maxLo = lo[x];
      if (lo[x + 1] > maxLo) maxLo = lo[x + 1];
      if (lo[x + 2] > maxLo) maxLo = lo[x + 2];
      // Smallest of the three column maxima.
      let minHi = hi[x];
      if (hi[x + 1] < minHi) minHi = hi[x + 1];
      if (hi[x + 2] < minHi) minHi = hi[x + 2];
      const medMid = median3(mid[x], mid[x + 1], mid[x + 2]);
      out[here + x] = median3(maxLo, medMid, minHi);
    }
  }
}

function median3(a: number, b: number, c: number): number {
  if (a > b) {
    const t = a;
    a = b;
    b = t;
  }
  // now a <= b
  if (c >= b) return b;
  return c > a ? c : a;
}

function medianGeneral(
  src: ArrayLike<number>,
  width: number,
  height: number,
  k: number,
  out: Float32Array,
  padding: MedianPadding,
): void {
  const r = (k - 1) / 2;
  const window = new Float64Array(k * k);
  const middle = (k * k - 1) / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let n = 0;
      for (let dy = -r; dy <= r; dy++) {
        let yy = y + dy;
        const outsideY = yy < 0 || yy >= height;
        if (yy < 0) yy = 0;
        else if (yy >= height) yy = height - 1;
        const row = yy * width;
        for (let dx = -r; dx <= r; dx++) {
          let xx = x + dx;
          const outside = outsideY || xx < 0 || xx >= width;
          if (xx < 0) xx = 0;
          else if (xx >= width) xx = width - 1;
          window[n++] = outside && padding === 'zero' ? 0 : src[row + xx];
        }
      }
      out[y * width + x] = selectKth(window, n, middle);
    }
  }
}

/** The k-th smallest (0-based) of a[0..n), partially reordering a (Hoare's quickselect). */
function selectKth(a: Float64Array, n: number, k: number): number {
  let left = 0;
  let right = n - 1;
  while (right > left) {
    const pivot = a[(left + right) >> 1];
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return a[k];
  }
  return a[k];
}
