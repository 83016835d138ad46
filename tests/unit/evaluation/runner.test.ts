/**
 * The pure evaluation runner and report (src/evaluation/runner.ts, report.ts) on hand-made
 * per-slice results whose figures are worked out by hand, plus an independent small
 * reimplementation of bit and block accuracy over the JSON output.
 */
import { describe, expect, it } from 'vitest';
import { getAttack } from '../../../src/evaluation/attacks/registry';
import {
  documentToJson,
  type EvalDocument,
  type EvalMeta,
  formatMarkdown,
  makeDocument,
  parseResultsSections,
  RESULTS_HEADER,
  resultsSection,
  table1,
  upsertResultsSection,
} from '../../../src/evaluation/report';
import {
  attackFigures,
  fig11Figures,
  type PerSliceResults,
  receiverFigures,
  type RunnerSettings,
  senderSide,
  summarise,
} from '../../../src/evaluation/runner';
import { DEFAULT_FEATURE_PARAMS, type SliceLbpRows } from '../../../src/features/params';
import type { OrderingParams } from '../../../src/ordering/params';
import { createRng } from '../../../src/util/random';

// ---------------------------------------------------------------------------------------
// Hand-made series of 5 slices.
//
// DenseNet features (1-D): input slice i has feature FEAT[i]. Distance sums: 2 -> 3+2+1+2 = 8,
// 5 -> 3+5+2+4 = 14, 0 -> 2+5+3+1 = 11, 3 -> 1+2+3+2 = 8, 1 -> 1+4+1+2 = 8; the benchmark is
// the slice with feature 5 (input 1), and ascending distance to it gives the features
// 5, 3, 2, 1, 0, i.e. inputs 1, 3, 0, 4, 2.
const FEAT = [2, 5, 0, 3, 1];
const SENDER_ORDER = [1, 3, 0, 4, 2];
// Position of each input slice in that order.
const POS = [2, 0, 4, 1, 3];

// LBP rows: block b of the slice at position p is BASE + p * D[b], so every row of W
// (Eq. 14: slice k+1 minus slice k in the order) is D[b], and its hash (Eq. 15: bit j is 1
// when w_j >= the row's mean, first bit most significant) is:
//   D[0] = [1,0,0,0,0,0,0,0,0]  mean 1/9  -> 100000000 = 256
//   D[1] = [0,0,0,0,0,0,0,0,1]  mean 1/9  -> 000000001 = 1
//   D[2] = [1,1,1,1,1,1,1,1,1]  all equal -> 111111111 = 511
//   D[3] = [0,1,0,1,0,1,0,1,0]  mean 4/9  -> 010101010 = 170
const D = [
  [1, 0, 0, 0, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 0, 0, 1],
  [1, 1, 1, 1, 1, 1, 1, 1, 1],
  [0, 1, 0, 1, 0, 1, 0, 1, 0],
];
const BASE = [10, 20, 30, 40, 50, 60, 70, 80, 90];
const CLEAN_HASHES = [256, 1, 511, 170, 256, 1, 511, 170, 256, 1, 511, 170, 256, 1, 511, 170];

function lbpOf(p: number): SliceLbpRows {
  return D.map((d) => BASE.map((v, j) => v + p * d[j]));
}

const clean: PerSliceResults = {
  lbpRows: POS.map(lbpOf),
  embeddings: FEAT.map((f) => Float32Array.of(f)),
};

// Attack A: block 0 of the slice at position 2 (input 0) gets +5 in its last cell.
// Row 5 (k = 2, block 0: position 2 minus position 1) becomes [1,0,0,0,0,0,0,0,5], mean 6/9:
//   100000001 = 257, one bit wrong.
// Row 9 (k = 3, block 0: position 3 minus position 2) becomes [1,0,0,0,0,0,0,0,-5], mean -4/9:
//   111111110 = 510, seven bits wrong (256 = 100000000).
// Given order: 2 of 16 rows wrong, 8 of 144 bits wrong.
const attackedA: PerSliceResults = {
  lbpRows: POS.map((p) => {
    const rows = lbpOf(p);
    if (p === 2) rows[0][8] += 5;
    return rows;
  }),
  embeddings: FEAT.map((f) => Float32Array.of(f)),
};

// Attack B: the LBP rows are untouched, but the DenseNet feature of input 2 moves from 0 to
// -3: sums -3 -> 5+8+6+4 = 23 is now the largest, so the receiver's order is -3, 1, 2, 3, 5
// (inputs 2, 4, 0, 3, 1), the sender's order reversed. Reversed, every row of W is -D[b]:
//   -D[0] mean -1/9 -> 011111111 = 255 (9 bits wrong)
//   -D[1] mean -1/9 -> 111111110 = 510 (9 bits wrong)
//   -D[2] all equal -> 111111111 = 511 (unchanged)
//   -D[3] mean -4/9 -> 101010101 = 341 (9 bits wrong)
// Recomputed order: 12 of 16 rows wrong, 108 of 144 bits wrong; Kendall tau -1.
const attackedB: PerSliceResults = {
  lbpRows: clean.lbpRows,
  embeddings: FEAT.map((f, i) => Float32Array.of(i === 2 ? -3 : f)),
};

const ORDERING: OrderingParams = {
  modelFingerprint: 'ab'.repeat(32),
  inputSize: 128,
  benchmark: 'max-distance-sum',
  method: 'ascending-distance-to-benchmark',
};

function settings(over: Partial<RunnerSettings> = {}): RunnerSettings {
  return {
    // index table (sorted distinct hashes): 1 -> 'a', 170 -> 'b', 256 -> 'c', 511 -> 'd'
    text: 'cab',
    protocols: ['v1', 'v2'],
    orders: ['given', 'recomputed'],
    features: DEFAULT_FEATURE_PARAMS,
    ordering: ORDERING,
    passphrase: 'test passphrase',
    v2Salt: new Uint8Array(16).fill(7),
    v2Iterations: 1000,
    v1PickSeed: 1,
    ...over,
  };
}

const INFO_A = { id: 'test-a', label: 'Test A', paper: { bit: 0.99, block: 0.9 } };
const INFO_B = { id: 'test-b', label: 'Test B', paper: { bit: 0.8, block: 0.1 } };

describe('evaluation runner on a hand-made 5-slice series', () => {
  it('sender: order, hashes, distinct hashes, success rate, v1 rows; v2 refuses (16 rows are too few)', async () => {
    const s = await senderSide(clean, settings());
    expect(s.sliceCount).toBe(5);
    expect(s.order).toEqual(SENDER_ORDER);
    expect(s.hashes).toEqual(CLEAN_HASHES);
    expect(s.distinctHashes).toBe(4);
    expect(s.successRate).toBeCloseTo(4 / 62, 12);
    expect(s.v1?.ok).toBe(true);
    if (!s.v1?.ok) return;
    expect(s.v1.coding).toBe('alphabet62');
    // 'c' = hash 256: rows 1, 5, 9, 13; 'a' = hash 1: rows 2, 6, 10, 14; 'b' = hash 170: rows 4, 8, 12, 16
    expect([1, 5, 9, 13]).toContain(s.v1.rows[0]);
    expect([2, 6, 10, 14]).toContain(s.v1.rows[1]);
    expect([4, 8, 12, 16]).toContain(s.v1.rows[2]);
    expect(JSON.parse(s.v1.bundle)).toMatchObject({ version: 1, sliceCount: 5, rowCount: 16, rows: s.v1.rows });
    expect(s.v2).toMatchObject({ ok: false });
    // Same seed, same rows (reproducible runs).
    const again = await senderSide(clean, settings());
    expect(again.v1).toEqual(s.v1);
  });

  it('attack A, order given: 8 of 144 bits and 2 of 16 rows wrong', async () => {
    const s = await senderSide(clean, settings({ protocols: ['v1'], orders: ['given'] }));
    const f = await attackFigures(s, attackedA, INFO_A, settings({ protocols: ['v1'], orders: ['given'] }));
    expect(f.recomputed).toBeUndefined();
    const g = f.given!;
    expect(g.order).toEqual(SENDER_ORDER);
    expect(g.hashes).toEqual(CLEAN_HASHES.map((h, r) => (r === 4 ? 257 : r === 8 ? 510 : h)));
    expect(g.bitAccuracy).toBeCloseTo(1 - 8 / 144, 12);
    expect(g.blockAccuracy).toBeCloseTo(14 / 16, 12);
    expect(g.orderExact).toBe(true);
    expect(g.kendallTau).toBe(1);
  });

  it('attack A: v1 character accuracy follows the rows the bundle uses', async () => {
    // Bundles with chosen rows: 'c' -> row 1, 'a' -> row 2, 'b' -> row 4: none is attacked.
    const first = settings({ protocols: ['v1'] });
    const s = await senderSide(clean, first);
    const v1 = s.v1;
    if (!v1?.ok) throw new Error('v1 should hide');
    const withRows = (rows: number[]): typeof s => ({ ...s, v1: { ...v1, rows, bundle: v1.bundle.replace(/"rows": \[[^\]]*\]/, `"rows": [${rows.join(', ')}]`) } });
    const hashes = CLEAN_HASHES.map((h, r) => (r === 4 ? 257 : r === 8 ? 510 : h));
    const safe = await receiverFigures(withRows([1, 2, 4]), 'given', SENDER_ORDER, hashes, first);
    expect(safe.v1).toMatchObject({ usedRowsBlockAccuracy: 1, characterAccuracy: 1, revealed: 'cab' });
    // The receiver's index table is 1 a, 170 b, 256 c, 257 d, 510 e, 511 f: the two new hashes
    // also shift the letters of every larger hash (511 was 'd'), a fragility of v1's table.
    // 'c' on row 9 (now 510) reads 'e'; on row 5 (now 257) it reads 'd'.
    const hit = await receiverFigures(withRows([9, 2, 4]), 'given', SENDER_ORDER, hashes, first);
    expect(hit.v1).toMatchObject({ revealed: 'eab' });
    expect(hit.v1!.usedRowsBlockAccuracy).toBeCloseTo(2 / 3, 12);
    expect(hit.v1!.characterAccuracy).toBeCloseTo(2 / 3, 12);
    const other = await receiverFigures(withRows([5, 2, 4]), 'given', SENDER_ORDER, hashes, first);
    expect(other.v1).toMatchObject({ revealed: 'dab' });
    expect(other.v1!.characterAccuracy).toBeCloseTo(2 / 3, 12);
  });

  it('attack B, order recomputed: the receiver reverses the order; 108 of 144 bits and 12 of 16 rows wrong', async () => {
    const st = settings({ protocols: ['v1'] });
    const s = await senderSide(clean, st);
    const f = await attackFigures(s, attackedB, INFO_B, st);
    // Given order: nothing changed in the LBP rows.
    expect(f.given).toMatchObject({ bitAccuracy: 1, blockAccuracy: 1, orderExact: true, kendallTau: 1 });
    expect(f.given!.v1).toMatchObject({ characterAccuracy: 1, usedRowsBlockAccuracy: 1 });
    const r = f.recomputed!;
    expect(r.order).toEqual([2, 4, 0, 3, 1]);
    expect(r.orderExact).toBe(false);
    expect(r.kendallTau).toBe(-1);
    expect(r.hashes).toEqual([255, 510, 511, 341, 255, 510, 511, 341, 255, 510, 511, 341, 255, 510, 511, 341]);
    expect(r.bitAccuracy).toBeCloseTo(36 / 144, 12);
    expect(r.blockAccuracy).toBeCloseTo(4 / 16, 12);
    // Receiver's table: 255 a, 341 b, 510 c, 511 d. 'c' rows (1, 5, 9 or 13) now hold 255 -> 'a';
    // 'a' rows (2, 6, ...) hold 510 -> 'c'; 'b' rows (4, 8, ...) hold 341 -> 'b'.
    expect(r.v1).toMatchObject({ revealed: 'acb', usedRowsBlockAccuracy: 0 });
    expect(r.v1!.characterAccuracy).toBeCloseTo(1 / 3, 12);
  });

  it('summary and Fig. 11 on the hand-made series', async () => {
    const st = settings({ protocols: ['v1'] });
    const s = await senderSide(clean, st);
    const a = await attackFigures(s, attackedA, INFO_A, st);
    const b = await attackFigures(s, attackedB, INFO_B, st);
    const given = summarise([a, b], 'given')!;
    expect(given.attacks).toBe(2);
    expect(given.meanBit).toBeCloseTo((1 - 8 / 144 + 1) / 2, 12);
    expect(given.meanBlock).toBeCloseTo((14 / 16 + 1) / 2, 12);
    expect(given.meanPaperBlock).toBeCloseTo(0.5, 12);
    // A: 0.9444 < 0.99 and 0.875 < 0.9; B: 1 >= 0.8 and 1 >= 0.1
    expect(given.bitBelowPaper).toBe(1);
    expect(given.blockBelowPaper).toBe(1);
    const rec = summarise([a, b], 'recomputed')!;
    expect(rec.orderExact).toBe(1);
    expect(rec.meanKendallTau).toBe(0);
    // B: 0.25 >= 0.1 (block) but 0.25 < 0.8 (bit)
    expect(rec.blockBelowPaper).toBe(1);
    expect(rec.bitBelowPaper).toBe(2);

    const fig = fig11Figures(s, clean, { sliceStep: 2, lostFractions: [0, 0.2], trials: 3, seed: 1 });
    // first 2, 4 and all 5 slices: rows 4, 12, 16; distinct 4 each time
    expect(fig.successRate.map((p) => [p.slices, p.rows, p.distinct])).toEqual([
      [2, 4, 4],
      [4, 12, 4],
      [5, 16, 4],
    ]);
    expect(fig.sliceLoss[0]).toMatchObject({ lost: 0, blockAccuracy: 1, samePairFraction: 1 });
    // One slice of 5 lost: W keeps 12 rows, all still hashing to the same D[b] pattern
    // (every row difference is a multiple of D[b]), so 12 of the 16 row numbers agree.
    expect(fig.sliceLoss[1].lost).toBe(1);
    expect(fig.sliceLoss[1].blockAccuracy).toBeCloseTo(12 / 16, 12);
  });
});

// ---------------------------------------------------------------------------------------
// Protocol v2 on a larger made-up series (random LBP rows, no image needed).

function randomSeries(n: number, seed: number): PerSliceResults {
  const rng = createRng(seed);
  const lbpRows: SliceLbpRows[] = [];
  for (let i = 0; i < n; i++) lbpRows.push(Array.from({ length: 4 }, () => Array.from({ length: 9 }, () => rng.int(1000))));
  // Features along a line, so the order is the input order (benchmark: the last slice, then reversed).
  const embeddings = Array.from({ length: n }, (_, i) => Float32Array.of(i * 1.5, 0));
  return { lbpRows, embeddings };
}

describe('evaluation runner, protocol v2', () => {
  it('verifies the record when the rows are intact and refuses (0 characters) when they are not', async () => {
    const n = 200;
    const series = randomSeries(n, 11);
    const st = settings({ text: 'JaneDoe1970', orders: ['given', 'recomputed'] });
    const s = await senderSide(series, st);
    expect(s.v2?.ok).toBe(true);
    if (!s.v2?.ok) return;
    const used = s.v2.rows.flat();
    expect(used.length).toBe(s.v2.stats.rowsUsed);
    expect(new Set(used).size).toBe(used.length);

    const same = await attackFigures(s, series, INFO_A, st);
    for (const f of [same.given!, same.recomputed!]) {
      expect(f.v2).toMatchObject({ outcome: 'verified', recordEqual: true, characterAccuracy: 1, usedRowsBlockAccuracy: 1 });
      expect(f.v1).toMatchObject({ characterAccuracy: 1 });
    }

    const other = randomSeries(n, 12); // every row different
    const f = await attackFigures(s, other, INFO_A, st);
    expect(f.given!.v2!.outcome).toMatch(/^cannot-verify:/);
    expect(f.given!.v2!.characterAccuracy).toBe(0);
    expect(f.given!.v2!.recordEqual).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------
// Report and JSON.

function meta(over: Partial<EvalMeta> = {}): EvalMeta {
  return {
    command: 'npm run eval -- --series /data/x --attacks gauss-0.01',
    date: '2024-01-01T00:00:00.000Z',
    machine: { cores: 2, cpu: 'Test CPU', node: 'v20.0.0', platform: 'linux x64' },
    series: { dir: '/data/x', sliceCount: 5, width: 8, height: 8, modality: 'CT', sliceNames: ['a', 'b', 'c', 'd', 'e'] },
    text: 'cab',
    protocols: ['v1'],
    orders: ['given', 'recomputed'],
    attackSeed: 1,
    v2: { passphrase: 'p', iterations: 1000, salt: 'BwcHBwcHBwcHBwcHBwcHBw==' },
    features: DEFAULT_FEATURE_PARAMS,
    ordering: ORDERING,
    backend: 'wasm',
    workers: 2,
    seconds: { total: 1, clean: 0.5 },
    ...over,
  };
}

async function handMadeDocument(): Promise<EvalDocument> {
  const st = settings({ protocols: ['v1'] });
  const s = await senderSide(clean, st);
  const g = getAttack('gauss-0.01');
  const m = getAttack('median-3');
  const a = await attackFigures(s, attackedA, { id: g.id, label: g.label, paper: g.paper }, st);
  const b = await attackFigures(s, attackedB, { id: m.id, label: m.label, paper: m.paper }, st);
  return makeDocument(meta(), s, fig11Figures(s, clean, { sliceStep: 2, lostFractions: [0, 0.2], trials: 2, seed: 1 }), [a, b]);
}

describe('evaluation report', () => {
  it("Table 1 puts the paper's figures beside ours, 4 decimals, with a mean row", async () => {
    const doc = await handMadeDocument();
    const t = table1(doc);
    const lines = t.split('\n');
    expect(lines[0]).toBe(
      '| Attack | Bit, paper | Bit, ours (order given) | Bit, ours (order recomputed) | Block, paper | Block, ours (order given) | Block, ours (order recomputed) | Block, ours − paper (order given) | Block, ours − paper (order recomputed) |',
    );
    // Gauss 0.01: paper 0.9863 / 0.8814; ours (attack A) given 136/144 = 0.9444, 14/16 = 0.8750;
    // recomputed: same order (features unchanged), same figures.
    expect(lines[2]).toBe('| Gauss 0.01 | 0.9863 | 0.9444 | 0.9444 | 0.8814 | 0.8750 | 0.8750 | −0.0064 | −0.0064 |');
    // Median 3x3: paper 0.9922 / 0.9329; ours (attack B) given 1 / 1, recomputed 0.25 / 0.25.
    expect(lines[3]).toBe('| Median 3x3 | 0.9922 | 1.0000 | 0.2500 | 0.9329 | 1.0000 | 0.2500 | +0.0671 | −0.6829 |');
    expect(lines[4]).toBe('| **Mean** | 0.9892 | 0.9722 | 0.5972 | 0.9071 | 0.9375 | 0.5625 | +0.0304 | −0.3446 |');
  });

  it('the full Markdown names every section and states the shortfall per attack', async () => {
    const md = formatMarkdown(await handMadeDocument());
    for (const h of ['Bit and block accuracy', 'Full reveal, order given', 'Full reveal, order recomputed', 'Fig. 11 (first)', 'Fig. 11 (second)', 'fall short']) {
      expect(md).toContain(h);
    }
    expect(md).toContain('block accuracy is below the paper\'s for 1 of 2 attacks');
    expect(md).toContain('Gauss 0.01 (0.8750 against 0.8814');
    expect(md).toContain("order equals the sender's for 1 of 2 attacks");
    expect(md).toContain('For 1 of them (Median 3x3) the order comes out close to reversed');
    // 4 distinct hashes of the 62 needed: Fig. 11 never reaches 100 %.
    expect(md).toContain('R_suc stays below 100 % (6.5 % with all 5 slices, 4 distinct hashes of the 62 needed)');
  });

  it('results sections are replaced in place, others kept', async () => {
    const doc = await handMadeDocument();
    const one = resultsSection(doc, 'x', 'Series x');
    expect(one).toContain('```sh\nnpm run eval -- --series /data/x --attacks gauss-0.01\n```');
    expect(one).toContain('2 cores (Test CPU), linux x64, Node v20.0.0');
    expect(one).not.toContain('Note:');
    expect(resultsSection({ ...doc, meta: { ...doc.meta, note: 'Only 2 attacks.' } }, 'x', 'Series x')).toContain('\nNote: Only 2 attacks.\n');
    const later = resultsSection({ ...doc, meta: { ...doc.meta, reportedBy: 'npm run eval -- --from-json r.json --write-results' } }, 'x', 'Series x');
    expect(later).toContain("Section written from that run's JSON output by:\n\n```sh\nnpm run eval -- --from-json r.json --write-results\n```");
    const first = upsertResultsSection(null, 'x', one);
    expect(first.startsWith(RESULTS_HEADER)).toBe(true);
    const two = upsertResultsSection(first, 'y', resultsSection(doc, 'y', 'Series y'));
    const changed = resultsSection({ ...doc, meta: { ...doc.meta, date: '2025-02-02T00:00:00.000Z' } }, 'x', 'Series x');
    const three = upsertResultsSection(two, 'x', changed);
    const sections = parseResultsSections(three);
    expect([...sections.keys()]).toEqual(['x', 'y']);
    expect(sections.get('x')).toContain('2025-02-02');
    expect(sections.get('x')).not.toContain('2024-01-01');
    expect(sections.get('y')).toContain('2024-01-01');
    expect(three.split('<!-- results:x begin -->').length).toBe(2);
  });

  it('an independent reimplementation of bit and block accuracy over the JSON output agrees', async () => {
    const doc = await handMadeDocument();
    const parsed = JSON.parse(documentToJson(doc)) as EvalDocument;
    expect(parsed.format).toBe('coverless-dicom-eval');

    // Independent: hashes as 9-character bit strings, compared character by character.
    const bits = (h: number) => h.toString(2).padStart(9, '0');
    const independent = (sender: number[], receiver: number[]) => {
      let wrongBits = 0;
      let rowsEqual = 0;
      sender.forEach((h, r) => {
        const a = bits(h);
        const b = bits(receiver[r]);
        let diff = 0;
        for (let j = 0; j < 9; j++) if (a[j] !== b[j]) diff++;
        wrongBits += diff;
        if (diff === 0) rowsEqual++;
      });
      return { bit: 1 - wrongBits / (9 * sender.length), block: rowsEqual / sender.length };
    };
    let checked = 0;
    for (const a of parsed.attacks) {
      for (const mode of ['given', 'recomputed'] as const) {
        const f = a[mode];
        if (!f) continue;
        const mine = independent(parsed.sender.hashes, f.hashes);
        expect(f.bitAccuracy).toBeCloseTo(mine.bit, 12);
        expect(f.blockAccuracy).toBeCloseTo(mine.block, 12);
        // Used rows of v1 (1-based row numbers into the hash arrays).
        if (parsed.sender.v1?.ok && f.v1) {
          const rows = parsed.sender.v1.rows;
          const ok = rows.filter((r) => parsed.sender.hashes[r - 1] === f.hashes[r - 1]).length;
          expect(f.v1.usedRowsBlockAccuracy).toBeCloseTo(ok / rows.length, 12);
        }
        // Orders: the given receiver keeps the sender's order.
        if (mode === 'given') expect(f.order).toEqual(parsed.sender.order);
        checked++;
      }
    }
    expect(checked).toBe(4);
    // The document round-trips (no NaN in this one).
    expect(parsed).toEqual(JSON.parse(JSON.stringify(doc)));
    // Number arrays are written on one line.
    expect(documentToJson(doc)).toContain(`"hashes": [${CLEAN_HASHES.join(', ')}]`);
  });
});
