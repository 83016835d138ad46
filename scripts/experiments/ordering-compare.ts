/**
 * Ordering experiment, step 2 of 2: compares ordering methods on the features cached by
 * ordering-embed.ts (docs/ordering.md has the commands and the results).
 *
 *   npx tsx scripts/experiments/ordering-compare.ts [--cache /tmp/ordering-cache]
 *     [--size 64] [--norm minmax] [--attacks ...|all] [--methods ...]
 *     [--rows method@norm@size,...]   (one table over several preprocessing variants)
 *
 * Row i of every cached matrix is slice i in spatial order. The receiver sees the slices
 * shuffled (a fixed permutation), so that no method can lean on the input order.
 *
 * Blind methods (the receiver recomputes the sender's order from its own features):
 *   benchmark   current method: benchmark = largest distance sum, ascending distance to it
 *   nn-chain    greedy nearest-neighbour chain from the benchmark
 *   spectral    Fiedler vector of the normalised graph Laplacian (Gaussian affinity)
 *   pca1        first principal component of the centred features (1-D coordinate)
 * Sender-assisted (the sender order is `benchmark` on the clean features; the receiver
 * assigns slices to positions with help stored in the encrypted payload):
 *   full-raw    all 1024 float features stored (size reference, 4 KB per slice), Hungarian
 *   full-centred  the same with the series mean removed on each side
 *   sig-K       signature.ts: K-dim Rademacher projection, standardised, int8, Hungarian
 *   sig-K-greedy  the same, each slice to its nearest signature (not a permutation)
 *   sig-K-rms   projection with one global scale instead of per-dimension standardisation
 *
 * Metrics: exact (receiver order = sender order), Kendall tau (orderAgreement), slices in
 * place (position p holds the sender's slice), pairs in place (positions k and k+1 both
 * hold the sender's slices: the row numbers of W that read correctly), neighbours kept
 * (pairs adjacent in the sender order that are adjacent in the receiver order).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ATTACK_IDS } from '../../src/evaluation/attacks/registry';
import { orderAgreement } from '../../src/evaluation/metrics';
import { minCostAssignment } from '../../src/ordering/matching';
import { distanceMatrix, orderFromFeatures } from '../../src/ordering/order';
import { makeOrderSignature, recoverOrder, SIGNATURE_SCALE, signatureDescriptors, projectionMatrix } from '../../src/ordering/signature';
import { createRng } from '../../src/util/random';
import { arg, DEFAULT_ATTACKS } from './ordering-common';


type Feats = Float32Array[];

function load(cache: string, attack: string, norm: string, size: number, len: number): Feats | null {
  try {
    const b = readFileSync(join(cache, `${attack}__${norm}__${size}.f32`));
    const all = new Float32Array(b.buffer, b.byteOffset, b.length / 4);
    const n = all.length / len;
    return Array.from({ length: n }, (_, i) => all.slice(i * len, (i + 1) * len));
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- blind orders
function sums(d: Float64Array[]): Float64Array {
  return Float64Array.from(d, (row) => row.reduce((a, b) => a + b, 0));
}

function argmax(a: ArrayLike<number>): number {
  let b = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > a[b]) b = i;
  return b;
}

function nnChain(f: Feats): number[] {
  const d = distanceMatrix(f);
  const n = f.length;
  let cur = argmax(sums(d));
  const used = new Uint8Array(n);
  const order = [cur];
  used[cur] = 1;
  for (let k = 1; k < n; k++) {
    let best = -1;
    for (let j = 0; j < n; j++) if (!used[j] && (best < 0 || d[cur][j] < d[cur][best])) best = j;
    used[best] = 1;
    order.push(best);
    cur = best;
  }
  return order;
}

/** Orient a 1-D coordinate so that the slice with the largest distance sum comes first. */
function orderByCoordinate(x: Float64Array, d: Float64Array[]): number[] {
  const b = argmax(sums(d));
  const n = x.length;
  const sorted = Array.from({ length: n }, (_, i) => i).sort((a, c) => x[a] - x[c] || a - c);
  return sorted.indexOf(b) > n / 2 ? sorted.reverse() : sorted;
}

/** Dominant eigenvector of a symmetric matrix (power iteration) orthogonal to `deflate`. */
function powerIteration(apply: (v: Float64Array) => Float64Array, n: number, deflate: Float64Array[] = [], iters = 3000): Float64Array {
  const rng = createRng(7);
  let v: Float64Array = Float64Array.from({ length: n }, () => rng.next() - 0.5);
  for (let it = 0; it < iters; it++) {
    for (const u of deflate) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += v[i] * u[i];
      for (let i = 0; i < n; i++) v[i] -= dot * u[i];
    }
    const w = apply(v);
    let norm = 0;
    for (let i = 0; i < n; i++) norm += w[i] * w[i];
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) w[i] /= norm;
    v = w;
  }
  return v;
}

function spectral(f: Feats): number[] {
  const d = distanceMatrix(f);
  const n = f.length;
  const k = Math.min(n - 1, 7);
  const knn = d.map((row, i) => [...row].filter((_, j) => j !== i).sort((a, b) => a - b)[k - 1]);
  const sigma = [...knn].sort((a, b) => a - b)[Math.floor(n / 2)];
  const w = d.map((row) => Float64Array.from(row, (v) => Math.exp(-(v * v) / (sigma * sigma))));
  for (let i = 0; i < n; i++) w[i][i] = 0;
  const deg = Float64Array.from(w, (row) => row.reduce((a, b) => a + b, 0));
  const isq = Float64Array.from(deg, (v) => 1 / Math.sqrt(v));
  // Largest eigenvectors of M = I + D^-1/2 W D^-1/2 (spectrum in [0, 2]); the top one is D^1/2 1.
  const top = Float64Array.from(deg, Math.sqrt);
  const tn = Math.sqrt(top.reduce((a, b) => a + b * b, 0));
  for (let i = 0; i < n; i++) top[i] /= tn;
  const apply = (v: Float64Array) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += w[i][j] * isq[j] * v[j];
      out[i] = v[i] + isq[i] * s;
    }
    return out;
  };
  const v = powerIteration(apply, n, [top]);
  return orderByCoordinate(Float64Array.from(v, (x, i) => x * isq[i]), d);
}

function pca1(f: Feats): number[] {
  const n = f.length;
  const len = f[0].length;
  const mean = new Float64Array(len);
  for (const e of f) for (let i = 0; i < len; i++) mean[i] += e[i] / n;
  const c = f.map((e) => Float64Array.from(e, (v, i) => v - mean[i]));
  // Gram matrix trick: top eigenvector of C C^T (n x n), coordinate = that eigenvector.
  const g = c.map((a) => Float64Array.from(c, (b) => a.reduce((s, v, i) => s + v * b[i], 0)));
  const apply = (v: Float64Array) => Float64Array.from(g, (row) => row.reduce((s, x, j) => s + x * v[j], 0));
  return orderByCoordinate(powerIteration(apply, n, [], 500), distanceMatrix(f));
}

// ---------------------------------------------------------------- sender-assisted
function hungarianOrder(recv: Float64Array[] | Feats, stored: Float64Array[] | Feats): number[] {
  const n = stored.length;
  const cost = (r: number, p: number) => {
    let s = 0;
    const a = recv[r];
    const b = stored[p];
    for (let j = 0; j < a.length; j++) s += (a[j] - b[j]) * (a[j] - b[j]);
    return s;
  };
  return Array.from(minCostAssignment({ rows: recv.length, cols: n, cost }).colToRow);
}

function centred(f: Feats): Float64Array[] {
  const len = f[0].length;
  const mean = new Float64Array(len);
  for (const e of f) for (let i = 0; i < len; i++) mean[i] += e[i] / f.length;
  return f.map((e) => Float64Array.from(e, (v, i) => v - mean[i]));
}

/** Signature variant with one global RMS scale instead of per-dimension standardisation. */
function rmsDescriptors(f: Feats, dims: number, seed: number): Float64Array[] {
  const c = centred(f);
  const len = f[0].length;
  const r = projectionMatrix(dims, len, seed);
  const y = c.map((e) => Float64Array.from({ length: dims }, (_, j) => e.reduce((s, v, i) => s + r[j * len + i] * v, 0)));
  let ss = 0;
  for (const v of y) for (const x of v) ss += x * x;
  const rms = Math.sqrt(ss / (y.length * dims));
  return y.map((v) => v.map((x) => x / rms));
}

function quantised(desc: Float64Array[], order: number[]): Float64Array[] {
  return order.map((i) => desc[i].map((z) => Math.max(-127, Math.min(127, Math.round(z * SIGNATURE_SCALE))) / SIGNATURE_SCALE));
}

function shuffle(n: number, seed: number): number[] {
  const rng = createRng(seed);
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  return perm;
}

/** Solves the symmetric positive definite system M x = b (Gaussian elimination with partial pivoting). */
function solve(m: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  const a = m.map((row, i) => Float64Array.from([...row, b[i]]));
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
    [a[c], a[piv]] = [a[piv], a[c]];
    for (let r = c + 1; r < n; r++) {
      const f = a[r][c] / a[c][c];
      for (let k = c; k <= n; k++) a[r][k] -= f * a[c][k];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let v = a[r][n];
    for (let k = r + 1; k < n; k++) v -= a[r][k] * x[k];
    x[r] = v / a[r][r];
  }
  return x;
}

/**
 * Signature matching with self-calibration: match, fit an affine map from the receiver's
 * descriptors to the stored ones on the best-matched `keep` fraction of pairs (ridge
 * `lambda`), map the receiver's descriptors, match again; `rounds` times.
 */
function refinedOrder(clean: Feats, o: number[], r: Feats, dims: number, rounds: number, keep = 0.5, lambda = 1): number[] {
  const stored = quantised(signatureDescriptors(clean, dims, SEED), o);
  let recv = signatureDescriptors(r, dims, SEED);
  const orig = recv;
  let order = hungarianOrder(recv, stored);
  for (let it = 0; it < rounds; it++) {
    const pairs = order
      .map((ri, p) => ({ ri, p, c: ri < 0 ? Infinity : stored[p].reduce((a, x, j) => a + (x - recv[ri][j]) ** 2, 0) }))
      .filter((q) => q.ri >= 0)
      .sort((a, b) => a.c - b.c)
      .slice(0, Math.max(dims + 2, Math.round(keep * order.length)));
    const d1 = dims + 1;
    // Normal equations (X^T X + lambda I) W = X^T Y, X rows = [z_r, 1], Y rows = s_p.
    const xtx = Array.from({ length: d1 }, () => new Float64Array(d1));
    const xty = Array.from({ length: dims }, () => new Float64Array(d1));
    for (const { ri, p } of pairs) {
      const x = [...orig[ri], 1];
      for (let a = 0; a < d1; a++) {
        for (let b = 0; b < d1; b++) xtx[a][b] += x[a] * x[b];
        for (let j = 0; j < dims; j++) xty[j][a] += x[a] * stored[p][j];
      }
    }
    for (let a = 0; a < dims; a++) xtx[a][a] += lambda;
    const w = xty.map((col) => solve(xtx, col)); // w[j] = coefficients for output dim j
    recv = orig.map((z) => Float64Array.from({ length: dims }, (_, j) => w[j].reduce((acc, c, a) => acc + c * (a < dims ? z[a] : 1), 0)));
    order = hungarianOrder(recv, stored);
  }
  return order;
}

/** Standardise each feature over the series (mean 0, sd 1; constant features -> 0). */
function standardisedFeatures(f: Feats): Float32Array[] {
  const len = f[0].length;
  const n = f.length;
  const mean = new Float64Array(len);
  const sd = new Float64Array(len);
  for (const e of f) for (let i = 0; i < len; i++) mean[i] += e[i] / n;
  for (const e of f) for (let i = 0; i < len; i++) sd[i] += (e[i] - mean[i]) ** 2 / n;
  for (let i = 0; i < len; i++) sd[i] = Math.sqrt(sd[i]);
  return f.map((e) => Float32Array.from(e, (v, i) => (sd[i] > 0 ? (v - mean[i]) / sd[i] : 0)));
}

interface Method {
  name: string;
  blind: boolean;
  /** blind: order from features. */
  order?: (f: Feats) => number[];
  /** assisted: receiver order (indices into recv) from the sender's clean features and order. */
  assist?: (clean: Feats, senderOrder: number[], recv: Feats) => number[];
}

const SEED = 0x5eed0001;
const METHODS: Method[] = [
  { name: 'benchmark', blind: true, order: (f) => orderFromFeatures(f).order },
  { name: 'nn-chain', blind: true, order: nnChain },
  { name: 'spectral', blind: true, order: spectral },
  { name: 'pca1', blind: true, order: pca1 },
  { name: 'full-raw', blind: false, assist: (c, o, r) => hungarianOrder(r, o.map((i) => c[i])) },
  { name: 'full-centred', blind: false, assist: (c, o, r) => { const cc = centred(c); return hungarianOrder(centred(r), o.map((i) => cc[i])); } },
  ...[4, 8, 16, 32].map((k): Method => ({
    name: `sig-${k}`,
    blind: false,
    assist: (c, o, r) => recoverOrder(r, makeOrderSignature(c, o, { dims: k, seed: SEED })).order,
  })),
  {
    name: 'sig-16-greedy',
    blind: false,
    assist: (c, o, r) => {
      const stored = quantised(signatureDescriptors(c, 16, SEED), o);
      const recv = signatureDescriptors(r, 16, SEED);
      // each received slice to its nearest position; positions claimed twice keep the first
      const order = new Array<number>(o.length).fill(-1);
      recv.forEach((d, ri) => {
        let best = 0;
        let bc = Infinity;
        stored.forEach((s, p) => {
          const v = s.reduce((a, x, j) => a + (x - d[j]) ** 2, 0);
          if (v < bc) { bc = v; best = p; }
        });
        if (order[best] < 0) order[best] = ri;
      });
      return order;
    },
  },
  {
    // 10 % of the received slices lost (a fixed random choice); scored on the slices that arrived
    name: 'sig-16-lost10',
    blind: false,
    assist: (c, o, r) => {
      const keep = shuffle(r.length, 777).slice(0, Math.round(0.9 * r.length)).sort((a, b) => a - b);
      const order = recoverOrder(keep.map((i) => r[i]), makeOrderSignature(c, o, { dims: 16, seed: SEED })).order;
      return order.map((k) => (k >= 0 ? keep[k] : -1));
    },
  },
  ...[16, 32].map((k): Method => ({
    name: `sig-${k}-zfeat`,
    blind: false,
    assist: (c, o, r) => recoverOrder(standardisedFeatures(r), makeOrderSignature(standardisedFeatures(c), o, { dims: k, seed: SEED })).order,
  })),
  { name: 'sig-16-refine', blind: false, assist: (c, o, r) => refinedOrder(c, o, r, 16, 3) },
  { name: 'sig-32-refine', blind: false, assist: (c, o, r) => refinedOrder(c, o, r, 32, 3) },
  {
    name: 'sig-16-rms',
    blind: false,
    assist: (c, o, r) => hungarianOrder(rmsDescriptors(r, 16, SEED), quantised(rmsDescriptors(c, 16, SEED), o)),
  },
];

interface Scores { exact: number; tau: number; slices: number; pairs: number; neighbours: number }

/**
 * Scores of a receiver order against the sender's. Positions the receiver left empty (-1,
 * lost slices) are left out of `slices` and `pairs` (they are erasures, not errors).
 */
function score(sender: number[], receiver: number[]): Scores {
  const n = sender.length;
  let slices = 0;
  let filled = 0;
  let pairs = 0;
  let filledPairs = 0;
  for (let p = 0; p < n; p++) {
    if (receiver[p] < 0) continue;
    filled++;
    if (sender[p] === receiver[p]) slices++;
  }
  for (let p = 0; p + 1 < n; p++) {
    if (receiver[p] < 0 || receiver[p + 1] < 0) continue;
    filledPairs++;
    if (sender[p] === receiver[p] && sender[p + 1] === receiver[p + 1]) pairs++;
  }
  const pos = new Map<number, number>();
  receiver.forEach((id, p) => { if (id >= 0) pos.set(id, p); });
  let neighbours = 0;
  for (let p = 0; p + 1 < n; p++) {
    const a = pos.get(sender[p]);
    const b = pos.get(sender[p + 1]);
    if (a !== undefined && b !== undefined && Math.abs(a - b) === 1) neighbours++;
  }
  // Unmatched positions (-1) get unique negative ids so orderAgreement accepts them.
  const agree = orderAgreement(sender, receiver.map((id, p) => (id >= 0 ? id : -1 - p)));
  return { exact: agree.exact ? 1 : 0, tau: agree.kendallTau, slices: slices / filled, pairs: pairs / filledPairs, neighbours: neighbours / (n - 1) };
}

function spearmanWithIndex(order: number[]): number {
  const n = order.length;
  let s = 0;
  order.forEach((id, p) => { s += (id - p) ** 2; });
  return 1 - (6 * s) / (n * (n * n - 1));
}

interface Row {
  method: Method;
  norm: string;
  size: number;
  label: string;
}

/** Scores of each row under each attack; the features of one (norm, size) are loaded once. */
function evaluate(cache: string, len: number, rows: Row[], attacks: string[]): { results: Map<Row, Record<string, Scores>>; costs: Map<string, string[]> } {
  const results = new Map<Row, Record<string, Scores>>();
  const costs = new Map<string, string[]>();
  const configs = [...new Set(rows.map((r) => `${r.norm}@${r.size}`))];
  for (const config of configs) {
    const [norm, sizeText] = config.split('@');
    const size = Number(sizeText);
    const mine = rows.filter((r) => r.norm === norm && r.size === size);
    const clean = load(cache, 'clean', norm, size, len);
    if (!clean) throw new Error(`no clean features for ${norm} @${size} in ${cache}`);
    const n = clean.length;
    const perm = shuffle(n, 12345); // received slice r is spatial slice perm[r]
    const senderBenchmark = orderFromFeatures(clean).order;
    const senderOrders = new Map<Method, number[]>();
    for (const r of mine) if (r.method.blind) senderOrders.set(r.method, r.method.order!(clean));
    console.log(`# ${config}: Spearman of the clean sender order with the slice position: ` +
      [...senderOrders].map(([m, o]) => `${m.name} ${spearmanWithIndex(o).toFixed(3)}`).join(', ') +
      `${senderOrders.size ? ', ' : ''}benchmark ${spearmanWithIndex(senderBenchmark).toFixed(3)} (sender order of the signature methods)`);
    const costRows: string[] = [];
    for (const attack of attacks) {
      const feats = load(cache, attack, norm, size, len);
      if (!feats) {
        console.log(`(no features for ${attack} at ${config})`);
        continue;
      }
      const recv = perm.map((i) => feats[i]);
      for (const r of mine) {
        const sender = r.method.blind ? senderOrders.get(r.method)! : senderBenchmark;
        const local = r.method.blind ? r.method.order!(recv) : r.method.assist!(clean, senderBenchmark, recv);
        const receiver = local.map((k) => (k >= 0 ? perm[k] : -1));
        if (!results.has(r)) results.set(r, {});
        results.get(r)![attack] = score(sender, receiver);
      }
      const half = Math.floor(n / 2);
      // Another series (proxy): the signature of the first half against the second half's slices.
      const other = recoverOrder(feats.slice(n - half), makeOrderSignature(clean.slice(0, half), senderBenchmark.filter((i) => i < half), { dims: 32, seed: SEED }));
      costRows.push(`| ${attack} | ${recoverOrder(recv, makeOrderSignature(clean, senderBenchmark, { dims: 32, seed: SEED })).meanCost.toFixed(3)} | ${other.meanCost.toFixed(3)} |`);
      if (process.env.VERBOSE) console.log(`${config} ${attack}: ` + mine.map((r) => `${r.method.name} ${results.get(r)![attack].slices.toFixed(2)}`).join(' | '));
    }
    costs.set(config, costRows);
  }
  return { results, costs };
}

/**
 * Rows: --rows method@norm@size,... (e.g. benchmark@minmax@64,sig-32@equalise+m0.2@32), or
 * every --methods at one --norm and --size.
 */
async function main(): Promise<void> {
  const cache = arg('cache', '/tmp/ordering-cache');
  const meta = JSON.parse(readFileSync(join(cache, 'meta.json'), 'utf8')) as { featureLength: number };
  const attacksArg = arg('attacks', DEFAULT_ATTACKS.filter((a) => a !== 'clean').join(','));
  const attacks = ['clean', ...(attacksArg === 'all' ? ATTACK_IDS : attacksArg.split(',')).filter((a) => a !== 'clean')];
  const byName = (name: string): Method => {
    const m = METHODS.find((x) => x.name === name);
    if (!m) throw new Error(`unknown method ${name}`);
    return m;
  };
  const rowsArg = arg('rows', '');
  const rows: Row[] = rowsArg
    ? rowsArg.split(',').map((spec) => {
        const [name, norm, size] = spec.split('@');
        return { method: byName(name), norm, size: Number(size), label: `${name} (${norm} @${size})` };
      })
    : arg('methods', METHODS.map((m) => m.name).join(',')).split(',').map((name) => ({
        method: byName(name),
        norm: arg('norm', 'minmax'),
        size: Number(arg('size', '64')),
        label: name,
      }));
  const { results, costs } = evaluate(cache, meta.featureLength, rows, attacks);
  const done = attacks.filter((a) => rows.every((r) => results.get(r)?.[a]));
  const fmt = (v: number) => (Number.isNaN(v) ? '-' : v.toFixed(2));
  const titles = { slices: 'slices in place', pairs: 'neighbour pairs in place (rows of W read correctly)', tau: 'Kendall tau', neighbours: 'sender neighbours still adjacent' };
  for (const metric of ['pairs', 'slices', 'tau', 'neighbours'] as const) {
    console.log(`\n### ${titles[metric]}\n`);
    console.log(`| method | ${done.join(' | ')} | mean |`);
    console.log(`|---|${done.map(() => '---').join('|')}|---|`);
    for (const r of rows) {
      const vals = done.map((a) => results.get(r)![a][metric]);
      console.log(`| ${r.label} | ${vals.map(fmt).join(' | ')} | ${fmt(vals.reduce((x, y) => x + y, 0) / vals.length)} |`);
    }
  }
  console.log(`\n### exact orders (of ${done.length} conditions)\n\n| method | exact |\n|---|---|\n` +
    rows.map((r) => `| ${r.label} | ${done.filter((a) => results.get(r)![a].exact).length} |`).join('\n'));
  for (const [config, rowsText] of costs) {
    console.log(`\n### 32-dim signature, mean matching cost per dimension (${config})\n\n| attack | this series | another series (proxy: first half's signature, second half's slices) |\n|---|---|---|\n${rowsText.join('\n')}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
