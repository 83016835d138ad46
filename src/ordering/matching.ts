/**
 * Minimum-cost assignment (the linear assignment problem), used by the signature ordering
 * (signature.ts) to give every received slice one sender position.
 *
 * Algorithm: shortest augmenting paths with dual potentials (Kuhn-Munkres in the
 * Jonker-Volgenant / "e-maxx" formulation), O(rows^2 * cols) time, O(rows + cols) memory
 * beyond the cost matrix. Rectangular problems are handled directly when rows <= cols
 * (every row gets a distinct column, some columns stay free) and by transposing otherwise.
 *
 * Determinism: plain Float64 arithmetic in a fixed loop order; among equal candidates the
 * lowest column index wins (strict comparisons). The same cost matrix therefore gives the
 * same assignment in every JavaScript engine. Pure TypeScript, no DOM, no Node API.
 */

export interface Assignment {
  /** rowToCol[r] = column given to row r, or -1 (only when rows > cols). */
  rowToCol: Int32Array;
  /** colToRow[c] = row given column c, or -1 (only when cols > rows). */
  colToRow: Int32Array;
  /** Sum of the costs of the assigned pairs. */
  totalCost: number;
}

/** A cost matrix: cost(r, c) for r < rows, c < cols. Values must be finite. */
export interface CostMatrix {
  rows: number;
  cols: number;
  cost(r: number, c: number): number;
}

/** Wraps an array of rows (all of the same length) as a CostMatrix. */
export function costMatrixOf(m: readonly ArrayLike<number>[]): CostMatrix {
  const rows = m.length;
  const cols = rows > 0 ? m[0].length : 0;
  for (const row of m) if (row.length !== cols) throw new Error('cost matrix rows differ in length');
  return { rows, cols, cost: (r, c) => m[r][c] };
}

/** rows <= cols: the core algorithm (1-based arrays internally, index 0 is the virtual start). */
function assignWide(rows: number, cols: number, cost: (r: number, c: number) => number): Int32Array {
  const u = new Float64Array(rows + 1);
  const v = new Float64Array(cols + 1);
  const p = new Int32Array(cols + 1); // p[j] = row (1-based) holding column j, 0 = free
  const way = new Int32Array(cols + 1);
  const minv = new Float64Array(cols + 1);
  const used = new Uint8Array(cols + 1);
  for (let i = 1; i <= rows; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      let delta = Infinity;
      let j1 = -1;
      for (let j = 1; j <= cols; j++) {
        if (used[j]) continue;
        const c = cost(i0 - 1, j - 1);
        if (!Number.isFinite(c)) throw new Error(`assignment: cost(${i0 - 1}, ${j - 1}) is not finite`);
        const cur = c - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      if (j1 < 0) throw new Error('assignment: no free column (internal error)');
      for (let j = 0; j <= cols; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  const rowToCol = new Int32Array(rows).fill(-1);
  for (let j = 1; j <= cols; j++) if (p[j] > 0) rowToCol[p[j] - 1] = j - 1;
  return rowToCol;
}

/**
 * Minimum-cost assignment of rows to columns: each row gets at most one column and each
 * column at most one row, min(rows, cols) pairs in all, with the smallest total cost.
 */
export function minCostAssignment(m: CostMatrix): Assignment {
  const { rows, cols } = m;
  const rowToCol = new Int32Array(rows).fill(-1);
  const colToRow = new Int32Array(cols).fill(-1);
  if (rows > 0 && cols > 0) {
    if (rows <= cols) {
      rowToCol.set(assignWide(rows, cols, m.cost));
    } else {
      const t = assignWide(cols, rows, (c, r) => m.cost(r, c));
      for (let c = 0; c < cols; c++) rowToCol[t[c]] = c;
    }
  }
  let totalCost = 0;
  for (let r = 0; r < rows; r++) {
    const c = rowToCol[r];
    if (c >= 0) {
      colToRow[c] = r;
      totalCost += m.cost(r, c);
    }
  }
  return { rowToCol, colToRow, totalCost };
}
