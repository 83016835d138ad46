/**
 * ROI extraction (paper section 4.4, Eq. 10-11; NOTES section 2, step 2).
 *
 *   I_s(x, y)  = 1 if I(x, y) > h_g, else 0                      (Eq. 10)
 *   I'_s       = I_s without its connected areas smaller than h_a
 *   I_R        = I ⊙ I'_s                                         (Eq. 11)
 *
 * h_g is Otsu's threshold ("maximum variance method"; N. Otsu, "A threshold selection method
 * from gray-level histograms", IEEE Trans. SMC 9(1), 1979) of the slice. The slice must already
 * be normalised to [0, 1] by its own min/max (see normalise.ts), so that the 256-bin histogram
 * spans the slice's whole range whatever the modality's units. Connected areas are 8-connected
 * and h_a is a fraction of the slice area (FeatureParams.roiMinAreaFraction); removing them drops
 * burned-in text and isolated noise.
 */

/**
 * Otsu's threshold of values in [0, 1] (values outside are clamped into the end bins).
 *
 * Bins are closed on the right: bin b holds (b / bins, (b + 1) / bins], bin 0 also holds 0. The
 * returned h_g is the right edge of the last bin of the lower class, so the strict test
 * `v > h_g` of Eq. 10 puts exactly the upper class in the foreground (exactly for bins = 256 and
 * any power of two, where v * bins is computed without rounding).
 *
 * Empty bins between two modes leave the class counts and moments unchanged, so the between-class
 * variance is bit-identical along such a run of thresholds. When the maximum is reached on a run,
 * its middle is used, as MATLAB's graythresh does: the split of the pixels is the same for any of
 * them, and the middle leaves the widest gap to both modes for a receiver whose copy of the slice
 * was slightly altered.
 *
 * A slice with a single occupied bin has no split; 1 is returned so that nothing exceeds it.
 */
export function otsuThreshold(values: ArrayLike<number>, bins = 256): number {
  if (!Number.isInteger(bins) || bins < 2) throw new Error(`otsuThreshold: bins must be an integer >= 2, got ${bins}`);
  const histogram = new Float64Array(bins);
  const n = values.length;
  for (let i = 0; i < n; i++) {
    let b = Math.ceil(values[i] * bins) - 1;
    if (b < 0) b = 0;
    else if (b >= bins) b = bins - 1;
    histogram[b]++;
  }
  let totalMoment = 0;
  for (let b = 0; b < bins; b++) totalMoment += b * histogram[b];

  // sigma_B^2(t) * N^2 = (S * c_t - s_t * N)^2 / (c_t * (N - c_t)), lower class = bins 0..t.
  let lowerCount = 0;
  let lowerMoment = 0;
  let best = 0;
  let firstBest = -1;
  let lastBest = -1;
  let inBestRun = false;
  for (let t = 0; t < bins - 1; t++) {
    lowerCount += histogram[t];
    lowerMoment += t * histogram[t];
    const upperCount = n - lowerCount;
    let between = 0;
    if (lowerCount > 0 && upperCount > 0) {
      const d = totalMoment * lowerCount - lowerMoment * n;
      between = (d * d) / (lowerCount * upperCount);
    }
    if (between > best) {
      best = between;
      firstBest = t;
      lastBest = t;
      inBestRun = true;
    } else if (between === best && inBestRun && best > 0) {
      lastBest = t;
    } else {
      inBestRun = false;
    }
  }
  if (firstBest < 0) return 1;
  return ((firstBest + lastBest) / 2 + 1) / bins;
}

/** 8-connected components of a binary mask. */
export interface ConnectedComponents {
  /** Per pixel: 0 for background, else the component number 1..count (in raster order of first pixel). */
  labels: Int32Array;
  count: number;
  /** areas[c - 1] = number of pixels of component c */
  areas: Int32Array;
}

/**
 * Labels the 8-connected components of `mask` (non-zero = foreground) by flood fill with an
 * explicit stack (no recursion, so a 512 x 512 blob cannot overflow the call stack).
 */
export function labelComponents8(mask: Uint8Array, width: number, height: number): ConnectedComponents {
  const size = width * height;
  if (mask.length !== size) throw new Error(`labelComponents8: mask length ${mask.length} != ${width} x ${height}`);
  const labels = new Int32Array(size);
  const stack = new Int32Array(size);
  const areaList: number[] = [];
  let count = 0;
  for (let start = 0; start < size; start++) {
    if (mask[start] === 0 || labels[start] !== 0) continue;
    count++;
    let area = 0;
    let top = 0;
    stack[top++] = start;
    labels[start] = count;
    while (top > 0) {
      const p = stack[--top];
      area++;
      const y = (p / width) | 0;
      const x = p - y * width;
      const y0 = y > 0 ? y - 1 : 0;
      const y1 = y < height - 1 ? y + 1 : y;
      const x0 = x > 0 ? x - 1 : 0;
      const x1 = x < width - 1 ? x + 1 : x;
      for (let yy = y0; yy <= y1; yy++) {
        const row = yy * width;
        for (let xx = x0; xx <= x1; xx++) {
          const q = row + xx;
          if (mask[q] !== 0 && labels[q] === 0) {
            labels[q] = count;
            stack[top++] = q;
          }
        }
      }
    }
    areaList.push(area);
  }
  return { labels, count, areas: Int32Array.from(areaList) };
}

/**
 * Clears, in place, every 8-connected component of `mask` with fewer than `minArea` pixels.
 * Returns the number of components removed.
 *
 * The components are those of labelComponents8, found on runs instead of pixels: each row's runs
 * of foreground are joined (union-find) to the runs of the row above that touch them, including by
 * a corner, and the area of a component is the sum of its runs' lengths. One pass over the pixels
 * and no per-pixel label array: several times faster on a 512 x 512 slice, same mask.
 */
export function removeSmallComponents(mask: Uint8Array, width: number, height: number, minArea: number): number {
  if (mask.length !== width * height) throw new Error(`removeSmallComponents: mask length ${mask.length} != ${width} x ${height}`);
  const runs = findRuns(mask, width, height);
  const { count, start, end, rowFirst, parent } = runs;
  if (count === 0) return 0;
  const area = new Float64Array(count);
  for (let r = 0; r < count; r++) area[findRoot(parent, r)] += end[r] - start[r];
  let removed = 0;
  for (let r = 0; r < count; r++) if (parent[r] === r && area[r] < minArea) removed++;
  if (removed === 0) return 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let r = rowFirst[y]; r < rowFirst[y + 1]; r++) {
      if (area[findRoot(parent, r)] < minArea) mask.fill(0, row + start[r], row + end[r]);
    }
  }
  return removed;
}

interface Runs {
  count: number;
  /** Run r covers columns start[r] .. end[r] - 1 of its row. */
  start: Int32Array;
  end: Int32Array;
  /** Runs of row y are rowFirst[y] .. rowFirst[y + 1] - 1, left to right. */
  rowFirst: Int32Array;
  /** Union-find forest over runs (parent[r] === r for a root). */
  parent: Int32Array;
}

let runBuffers = { start: new Int32Array(1024), end: new Int32Array(1024), parent: new Int32Array(1024) };

/** The foreground runs of a mask, joined into 8-connected components. */
function findRuns(mask: Uint8Array, width: number, height: number): Runs {
  let { start, end, parent } = runBuffers;
  const rowFirst = new Int32Array(height + 1);
  let count = 0;
  for (let y = 0; y < height; y++) {
    rowFirst[y] = count;
    const row = y * width;
    const previousFirst = y > 0 ? rowFirst[y - 1] : 0;
    let above = previousFirst; // first run of the row above that may touch the current run
    let x = 0;
    while (x < width) {
      if (mask[row + x] === 0) {
        x++;
        continue;
      }
      const s = x;
      while (x < width && mask[row + x] !== 0) x++;
      if (count === start.length) {
        const grow = (a: Int32Array) => {
          const b = new Int32Array(a.length * 2);
          b.set(a);
          return b;
        };
        start = grow(start);
        end = grow(end);
        parent = grow(parent);
        runBuffers = { start, end, parent };
      }
      start[count] = s;
      end[count] = x;
      parent[count] = count;
      // Runs above touch [s, x) 8-connectedly when they overlap [s - 1, x + 1).
      while (above < rowFirst[y] && end[above] < s) above++;
      for (let a = above; a < rowFirst[y] && start[a] <= x; a++) union(parent, a, count);
      count++;
    }
  }
  rowFirst[height] = count;
  return { count, start, end, rowFirst, parent };
}

function findRoot(parent: Int32Array, r: number): number {
  while (parent[r] !== r) {
    parent[r] = parent[parent[r]];
    r = parent[r];
  }
  return r;
}

function union(parent: Int32Array, a: number, b: number): void {
  const ra = findRoot(parent, a);
  const rb = findRoot(parent, b);
  if (ra < rb) parent[rb] = ra;
  else if (rb < ra) parent[ra] = rb;
}

export interface RoiMask {
  /** I'_s: 1 inside the ROI, 0 outside, row-major width x height */
  mask: Uint8Array;
  /** h_g on the [0, 1] scale */
  threshold: number;
}

/**
 * I'_s of Eq. 10 after removal of the small areas: Otsu's threshold on the normalised slice,
 * strict `>` test, then 8-connected components with fewer than minAreaFraction * width * height
 * pixels are dropped.
 */
export function roiMask(
  normalised: ArrayLike<number>,
  width: number,
  height: number,
  minAreaFraction: number,
  bins = 256,
): RoiMask {
  const size = width * height;
  if (normalised.length !== size) throw new Error(`roiMask: ${normalised.length} values for ${width} x ${height}`);
  const threshold = otsuThreshold(normalised, bins);
  const mask = new Uint8Array(size);
  for (let i = 0; i < size; i++) mask[i] = normalised[i] > threshold ? 1 : 0;
  removeSmallComponents(mask, width, height, minAreaFraction * size);
  return { mask, threshold };
}

/** I_R = I ⊙ I'_s (Eq. 11). `out` may alias `values`. */
export function applyRoi(values: ArrayLike<number>, mask: Uint8Array, out?: Float32Array): Float32Array {
  const n = values.length;
  if (mask.length !== n) throw new Error(`applyRoi: mask length ${mask.length} != ${n}`);
  const result = out ?? new Float32Array(n);
  for (let i = 0; i < n; i++) result[i] = mask[i] !== 0 ? values[i] : 0;
  return result;
}
