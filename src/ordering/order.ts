/**
 * Reordering a series from its DenseNet features (paper section 4.3).
 *
 * Eq. 8: d_xy = sqrt(sum_i (f_xi - f_yi)^2), Euclidean distance of two feature
 * vectors; Eq. 9: D = [d_xy], the symmetric n x n distance ("similarity")
 * matrix. The paper: "We can select any column of similarity values as the
 * benchmark and reorder the medical images." Our default (NOTES section 2,
 * step 1): the benchmark is the slice with the largest sum of distances (an end
 * of the series) and the slices are sorted by ascending distance to it.
 *
 * Everything is computed in Float64 in a fixed summation order, so given the
 * same features the result is bit-identical everywhere; the features
 * themselves differ slightly between TF.js backends, which is what
 * orderStabilityReport() quantifies.
 */

/** Euclidean distance (Eq. 8) in Float64, summed in index order. */
export function euclidean(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`feature lengths differ: ${a.length} vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    s += d * d;
  }
  return Math.sqrt(s);
}

/**
 * Distance matrix D of Eq. 9: D[x][y] = d_xy (Eq. 8). Each pair is computed
 * once (x < y) and mirrored, so D is exactly symmetric with a zero diagonal.
 */
export function distanceMatrix(features: readonly ArrayLike<number>[]): Float64Array[] {
  const n = features.length;
  const d = Array.from({ length: n }, () => new Float64Array(n));
  for (let x = 0; x < n; x++) {
    for (let y = x + 1; y < n; y++) {
      const v = euclidean(features[x], features[y]);
      d[x][y] = v;
      d[y][x] = v;
    }
  }
  return d;
}

export interface OrderResult {
  /** order[k] = index (in the given slice list) of the slice at position k. */
  order: number[];
  /** Index of the benchmark slice (always order[0]). */
  benchmark: number;
  /** Column sums of D, in Float64. */
  distanceSums: Float64Array;
}

function checkSquare(d: readonly ArrayLike<number>[]): number {
  const n = d.length;
  for (const row of d) if (row.length !== n) throw new Error('distance matrix must be square');
  return n;
}

/** Column sums of D (Float64, summed in row order). */
export function distanceSums(d: readonly ArrayLike<number>[]): Float64Array {
  const n = checkSquare(d);
  const sums = new Float64Array(n);
  for (let y = 0; y < n; y++) {
    let s = 0;
    for (let x = 0; x < n; x++) s += d[x][y];
    sums[y] = s;
  }
  return sums;
}

/**
 * Benchmark and order (paper 4.3, NOTES step 1 default): the benchmark column
 * is the slice with the largest sum of distances; slices are sorted by
 * ascending distance to it, so the benchmark itself comes first.
 *
 * Tie-breaking (exact equality of Float64 values only): the lower index wins,
 * both for the benchmark and in the sort. Because indices follow the order in
 * which the slices were given, which the receiver does not control, exact ties
 * are only harmless when the tied slices are identical (then swapping them
 * changes nothing downstream); near-ties are the real fragility, see
 * orderStabilityReport().
 */
export function orderFromDistances(d: readonly ArrayLike<number>[]): OrderResult {
  const n = checkSquare(d);
  const sums = distanceSums(d);
  if (n === 0) return { order: [], benchmark: -1, distanceSums: sums };
  let benchmark = 0;
  for (let i = 1; i < n; i++) if (sums[i] > sums[benchmark]) benchmark = i;
  const col = d.map((row) => row[benchmark]);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => col[a] - col[b] || a - b);
  // The benchmark has distance 0 to itself, but another slice with distance 0
  // and a lower index would sort before it: keep the benchmark first.
  const at = order.indexOf(benchmark);
  if (at > 0) {
    order.splice(at, 1);
    order.unshift(benchmark);
  }
  return { order, benchmark, distanceSums: sums };
}

/** Features -> order in one call (Eq. 8-9 then orderFromDistances). */
export function orderFromFeatures(features: readonly ArrayLike<number>[]): OrderResult {
  return orderFromDistances(distanceMatrix(features));
}

export interface OrderStability {
  /** Largest distance from the benchmark to any slice. */
  maxDistance: number;
  /**
   * Smallest gap between consecutive sorted distances to the benchmark,
   * positions 1..n-1 (the benchmark at position 0 is first by definition).
   */
  minGap: number;
  /** minGap / maxDistance (0 when there is a tie; 1 for fewer than 3 slices). */
  relativeMinGap: number;
  /** Position k (>= 2) where the smallest gap lies, between order[k-1] and order[k]; -1 for fewer than 3 slices. */
  minGapAt: number;
  /**
   * (largest distance sum - second largest) / largest: how clearly the
   * benchmark wins. A small margin means another slice could become the
   * benchmark, which changes the whole order.
   */
  benchmarkMargin: number;
  /** Second-best benchmark candidate (-1 for fewer than 2 slices). */
  runnerUp: number;
}

/**
 * How fragile the order is: a feature perturbation (another backend, an
 * attack) whose effect on the distances exceeds about minGap can swap two
 * slices; one exceeding the benchmark margin can change the benchmark.
 */
export function orderStabilityReport(d: readonly ArrayLike<number>[], result: OrderResult = orderFromDistances(d)): OrderStability {
  const n = d.length;
  const { order, benchmark, distanceSums: sums } = result;
  const sorted = order.map((i) => d[i][benchmark]);
  const maxDistance = n > 0 ? sorted[n - 1] : 0;
  // Position 0 is the benchmark (kept first whatever its neighbours), so the
  // gaps that a perturbation can close start between positions 1 and 2.
  let minGap = Infinity;
  let minGapAt = -1;
  for (let k = 2; k < n; k++) {
    const g = sorted[k] - sorted[k - 1];
    if (g < minGap) {
      minGap = g;
      minGapAt = k;
    }
  }
  let runnerUp = -1;
  for (let i = 0; i < n; i++) if (i !== benchmark && (runnerUp < 0 || sums[i] > sums[runnerUp])) runnerUp = i;
  const top = n > 0 ? sums[benchmark] : 0;
  return {
    maxDistance,
    minGap: Number.isFinite(minGap) ? minGap : maxDistance,
    relativeMinGap: n < 3 ? 1 : maxDistance > 0 ? minGap / maxDistance : 0,
    minGapAt,
    benchmarkMargin: runnerUp >= 0 && top > 0 ? (top - sums[runnerUp]) / top : 1,
    runnerUp,
  };
}
