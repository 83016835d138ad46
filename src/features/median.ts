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
 * Median-filters a row-major width x height image with a k x k window (k odd, >= 1).
 * `out` must not alias `src`.
 */
export function medianFilter(
  src: ArrayLike<number>,
  width: number,
  height: number,
  k: number,
  out?: Float32Array,
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
  if (k === 3) median3x3(src, width, height, result);
  else medianGeneral(src, width, height, k, result);
  return result;
}

function median3x3(src: ArrayLike<number>, width: number, height: number, out: Float32Array): void {
  const lo = new Float64Array(width);
  const mid = new Float64Array(width);
  const hi = new Float64Array(width);
  for (let y = 0; y < height; y++) {
    const above = (y > 0 ? y - 1 : 0) * width;
    const here = y * width;
    const below = (y < height - 1 ? y + 1 : y) * width;
    // Sort each column of the 3-row band.
    for (let x = 0; x < width; x++) {
      let a = src[above + x];
      let b = src[here + x];
      let c = src[below + x];
      let t: number;
      if (a > b) { t = a; a = b; b = t; }
      if (b > c) { t = b; b = c; c = t; }
      if (a > b) { t = a; a = b; b = t; }
      lo[x] = a;
      mid[x] = b;
      hi[x] = c;
    }
    for (let x = 0; x < width; x++) {
      const l = x > 0 ? x - 1 : 0;
      const r = x < width - 1 ? x + 1 : x;
      // Largest of the three column minima.
      let maxLo = lo[l];
      if (lo[x] > maxLo) maxLo = lo[x];
      if (lo[r] > maxLo) maxLo = lo[r];
      // Smallest of the three column maxima.
      let minHi = hi[l];
      if (hi[x] < minHi) minHi = hi[x];
      if (hi[r] < minHi) minHi = hi[r];
      const medMid = median3(mid[l], mid[x], mid[r]);
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

function medianGeneral(src: ArrayLike<number>, width: number, height: number, k: number, out: Float32Array): void {
  const r = (k - 1) / 2;
  const window = new Float64Array(k * k);
  const middle = (k * k - 1) / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let n = 0;
      for (let dy = -r; dy <= r; dy++) {
        let yy = y + dy;
        if (yy < 0) yy = 0;
        else if (yy >= height) yy = height - 1;
        const row = yy * width;
        for (let dx = -r; dx <= r; dx++) {
          let xx = x + dx;
          if (xx < 0) xx = 0;
          else if (xx >= width) xx = width - 1;
          window[n++] = src[row + xx];
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
