/** Test helpers shared by the protocol v2 tests: a seeded PRNG and a synthetic series of hash rows. */

/** Deterministic PRNG (mulberry32) so that failures reproduce. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A synthetic series: 4(N-1) rows whose 9-bit hashes come from ~`distinct` values with a
 * skewed (Zipf-like) frequency, as LBP difference hashes do, and random margins.
 */
export function makeSeries(slices: number, seed: number, distinct = 220) {
  const r = rng(seed);
  const pool = Array.from({ length: distinct }, () => Math.floor(r() * 512));
  const weights = pool.map((_, i) => 1 / (i + 1) ** 0.7);
  const total = weights.reduce((a, b) => a + b, 0);
  const pick = () => {
    let x = r() * total;
    for (let i = 0; i < pool.length; i++) if ((x -= weights[i]) <= 0) return pool[i];
    return pool[pool.length - 1];
  };
  const rows = 4 * (slices - 1);
  return { hashValues: Array.from({ length: rows }, pick), margins: Array.from({ length: rows }, () => r()) };
}
