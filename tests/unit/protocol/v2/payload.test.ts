import { describe, expect, it } from 'vitest';
import { buildSymbolTable, bytesToSymbols, whiteningStream } from '../../../../src/protocol/v2/mapping';
import {
  codeLayout,
  DEFAULT_PROTECTION,
  decodeCodewords,
  encodeCodewords,
  parsePlan,
  PLAN_PAD_TO,
  planRows,
  readPlan,
  recordDigest,
  type RowPlan,
  serializePlan,
  slicePairOfRow,
  vote,
} from '../../../../src/protocol/v2/payload';
import { encodeRecord, type PatientRecord } from '../../../../src/protocol/v2/record';
import { makeSeries, rng } from './synthetic';

const keys = { macKey: new Uint8Array(32).fill(1), mapKey: new Uint8Array(32).fill(2) };

const record: PatientRecord = {
  name: 'Zoë Ångström 李小龙',
  patientId: 'PAT-0042-XY',
  birthDate: '1961-07-04',
  sex: 'F',
  institution: 'Hôpital Saint-Louis, Paris',
  note: '',
  text: 'CTA follow-up',
};

describe('code layout', () => {
  it('gives the documented sizes', () => {
    expect(DEFAULT_PROTECTION).toEqual({ symbolBits: 4, copies: 3, parity: 32 });
    // A 60-character ASCII record: 68 bytes + 8 digest = 76, + 32 parity = 108 bytes = 216 nibbles x 3 rows.
    expect(codeLayout(68, DEFAULT_PROTECTION)).toEqual({ dataBytes: 76, blocks: [76], codewordBytes: 108, symbols: 216, rows: 648 });
    // 400 bytes + 8 = 408 > 255 - 32: two codewords of 204 data bytes.
    expect(codeLayout(400, DEFAULT_PROTECTION)).toEqual({ dataBytes: 408, blocks: [204, 204], codewordBytes: 472, symbols: 944, rows: 2832 });
    // With 16 parity bytes: 92 bytes, 184 symbols, 552 rows.
    expect(codeLayout(68, { symbolBits: 4, copies: 3, parity: 16 }).rows).toBe(552);
    expect(codeLayout(68, { symbolBits: 4, copies: 1, parity: 0 }).rows).toBe(152);
  });

  it('encodes and decodes several codewords with erasures', () => {
    const prot = { symbolBits: 4, copies: 3, parity: 16 };
    const data = Uint8Array.from({ length: 408 }, (_, i) => (i * 13) & 0xff);
    const coded = encodeCodewords(data, prot);
    expect(coded.length).toBe(440);
    const damaged = coded.slice();
    const erased = new Array<boolean>(440).fill(false);
    for (const p of [0, 5, 9, 100, 219]) damaged[p] ^= 0x33; // 5 errors in codeword 1
    for (const p of [220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231]) {
      damaged[p] = 0;
      erased[p] = true; // 12 erasures + 2 errors in codeword 2 (2*2 + 12 = 16)
    }
    damaged[300] ^= 1;
    damaged[439] ^= 1;
    const res = decodeCodewords(damaged, erased, 400, prot);
    expect(res.ok).toBe(true);
    if (res.ok) expect(res.data).toEqual(data);
    damaged[301] ^= 1; // one error too many in codeword 2 (2*3 + 12 > 16)
    const over = decodeCodewords(damaged, erased, 400, prot);
    // With 12 erasures only 4 syndromes are left for errors: beyond capacity the decoder
    // fails or lands on another codeword (often, here), hence the digest in readPlan.
    if (over.ok) expect(over.data).not.toEqual(data);
  });
});

describe('vote', () => {
  it('takes the unique plurality; ties and no votes are erasures', () => {
    expect(vote([3, 3, 7])).toBe(3);
    expect(vote([3, 7, 9])).toBe(-1);
    expect(vote([3, 7])).toBe(-1);
    expect(vote([-1, -1, 4])).toBe(4);
    expect(vote([-1, -1, -1])).toBe(-1);
    expect(vote([5, 5, 5, 2, 2])).toBe(5);
  });
});

describe('row plan', () => {
  it('chooses distinct rows of the right class, largest margins first, spread over slice pairs', async () => {
    const { hashValues, margins } = makeSeries(300, 11);
    const res = await planRows(record, keys, hashValues, margins);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const { plan, stats } = res;
    const recordBytes = encodeRecord(record);
    expect(plan.recordLength).toBe(recordBytes.length);
    const layout = codeLayout(recordBytes.length, DEFAULT_PROTECTION);
    expect(plan.rows.length).toBe(layout.symbols);
    expect(stats).toMatchObject({ recordBytes: recordBytes.length, symbols: layout.symbols, rowsTarget: layout.rows, rowsAvailable: 1196 });
    const all = plan.rows.flat();
    expect(all.length).toBe(stats.rowsUsed);
    expect(stats.rowsUsed).toBeGreaterThan(0.9 * layout.rows);
    expect(stats.minCopies).toBeGreaterThanOrEqual(1);
    expect(plan.rows.filter((r) => r.length === 3).length).toBe(stats.fullSymbols);
    expect(new Set(all).size).toBe(all.length); // never reuses a row

    // Each row's hash maps (table variant) to the whitened symbol it carries.
    const table = await buildSymbolTable(keys.mapKey, 9, 4, plan.variant);
    const digest = await recordDigest(keys.macKey, recordBytes);
    const coded = encodeCodewords(Uint8Array.of(...recordBytes, ...digest), DEFAULT_PROTECTION);
    const w = await whiteningStream(keys.mapKey, plan.variant, layout.symbols);
    const channel = bytesToSymbols(coded).map((s, i) => s ^ w[i]);
    plan.rows.forEach((rows, i) => {
      expect(rows.length).toBeGreaterThanOrEqual(stats.minCopies);
      expect(rows.length).toBeLessThanOrEqual(3);
      for (const r of rows) expect(table[hashValues[r - 1]]).toBe(channel[i]);
    });

    // Within each class, every chosen row has a margin >= every unchosen row.
    const chosen = new Set(all);
    for (let s = 0; s < 16; s++) {
      const cls = hashValues.map((_, i) => i + 1).filter((r) => table[hashValues[r - 1]] === s);
      const inM = cls.filter((r) => chosen.has(r)).map((r) => margins[r - 1]);
      const outM = cls.filter((r) => !chosen.has(r)).map((r) => margins[r - 1]);
      if (inM.length && outM.length) expect(Math.min(...inM)).toBeGreaterThanOrEqual(Math.max(...outM));
    }
    // Copies of one symbol come from different pairs of neighbouring slices.
    const conflicts = plan.rows.filter((rows) => new Set(rows.map(slicePairOfRow)).size < rows.length).length;
    expect(conflicts).toBe(0);
    // ... and are spread: the mean distance between copies is a good part of the series.
    const spans = plan.rows.map((rows) => Math.max(...rows) - Math.min(...rows));
    expect(spans.reduce((a, b) => a + b, 0) / spans.length).toBeGreaterThan(1196 / 4);
    expect(stats.meanMargin).toBeGreaterThan(0.5); // the better half of the rows
  });

  it('reads the record back exactly from the same hashes', async () => {
    const { hashValues, margins } = makeSeries(300, 12);
    const res = await planRows(record, keys, hashValues, margins);
    if (!res.ok) throw new Error(res.message);
    const read = await readPlan(res.plan, keys, hashValues);
    expect(read).toEqual({ ok: true, record, stats: { symbols: res.stats.symbols, rowsRead: res.stats.rowsUsed, erasedSymbols: 0, disagreeingRows: 0, correctedBytes: 0 } });
  });

  it('survives attacked rows thanks to the vote and the code', async () => {
    const { hashValues, margins } = makeSeries(400, 13);
    const res = await planRows(record, keys, hashValues, margins);
    if (!res.ok) throw new Error(res.message);
    expect(res.stats.minCopies).toBe(3); // 810 of 1596 rows
    const r = rng(99);
    // 12 % of all rows get one hash bit flipped (a bit near its threshold).
    const attacked = hashValues.map((h) => (r() < 0.12 ? h ^ (1 << Math.floor(r() * 9)) : h));
    // And for 6 symbols, two of the three copies are hit into different values.
    for (let i = 0; i < 6; i++) {
      const [a, b] = res.plan.rows[i * 30];
      attacked[a - 1] ^= 0x101;
      attacked[b - 1] ^= 0x0f0;
    }
    const read = await readPlan(res.plan, keys, attacked);
    expect(read.ok).toBe(true);
    if (read.ok) {
      expect(read.record).toEqual(record);
      expect(read.stats.disagreeingRows).toBeGreaterThan(60);
      expect(read.stats.erasedSymbols).toBeGreaterThan(6);
      expect(read.stats.correctedBytes).toBeGreaterThan(6);
    }
  });

  it('uses the full copies where the series allows, fewer (>= minCopies) where it is short', async () => {
    const small = makeSeries(120, 21); // 476 rows for a 216+-symbol stream
    const res = await planRows(record, keys, small.hashValues, small.margins);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.stats.rowsUsed).toBeLessThan(res.stats.rowsTarget);
    expect(res.stats.fullSymbols).toBeLessThan(res.stats.symbols);
    expect(Math.min(...res.plan.rows.map((r) => r.length))).toBe(res.stats.minCopies);
    expect(await readPlan(res.plan, keys, small.hashValues)).toMatchObject({ ok: true, record });
    // Demanding 2 copies for every symbol is refused on this series.
    expect(await planRows(record, keys, small.hashValues, small.margins, DEFAULT_PROTECTION, { minCopies: 3 })).toMatchObject({ ok: false, code: 'capacity' });
  });

  it('another series, or too much damage -> cannot verify', async () => {
    const { hashValues, margins } = makeSeries(300, 14);
    const res = await planRows(record, keys, hashValues, margins);
    if (!res.ok) throw new Error(res.message);
    for (const seed of [1, 2, 3]) {
      const other = makeSeries(300, 1000 + seed).hashValues;
      const read = await readPlan(res.plan, keys, other);
      expect(read).toMatchObject({ ok: false, code: 'cannot-verify' });
      if (!read.ok) expect(read.message).toContain('cannot be verified');
    }
    // Shifted by one slice (a slice lost at the start, one duplicated at the end).
    const shifted = [...hashValues.slice(4), ...hashValues.slice(-4)];
    expect(await readPlan(res.plan, keys, shifted)).toMatchObject({ ok: false, code: 'cannot-verify', reason: 'too-many-errors' });
  });

  it('a decodable stream with the wrong digest key -> digest-mismatch', async () => {
    const { hashValues, margins } = makeSeries(300, 15);
    const res = await planRows(record, keys, hashValues, margins);
    if (!res.ok) throw new Error(res.message);
    const wrongMac = { ...keys, macKey: new Uint8Array(32).fill(9) };
    expect(await readPlan(res.plan, wrongMac, hashValues)).toMatchObject({ ok: false, code: 'cannot-verify', reason: 'digest-mismatch' });
  });

  it('reports a series that is too small, with numbers', async () => {
    const { hashValues, margins } = makeSeries(40, 16);
    const res = await planRows(record, keys, hashValues, margins);
    expect(res).toMatchObject({ ok: false, code: 'capacity', rowsAvailable: 156 });
    if (!res.ok) expect(res.message).toMatch(/need at least \d+ rows, but this series gives only 156/);
    // With one copy and little parity it fits in a smaller series.
    const mid = makeSeries(100, 17);
    const lean = await planRows(record, keys, mid.hashValues, mid.margins, { symbolBits: 4, copies: 1, parity: 8 });
    expect(lean.ok).toBe(true);
  });

  it('validates hash values and margins', async () => {
    const { hashValues, margins } = makeSeries(50, 18);
    await expect(planRows(record, keys, [...hashValues.slice(1), 512], margins)).rejects.toThrow(RangeError);
    await expect(planRows(record, keys, hashValues, margins.slice(1))).rejects.toThrow(RangeError);
    await expect(planRows(record, keys, hashValues, [NaN, ...margins.slice(1)])).rejects.toThrow(RangeError);
    await expect(planRows(record, keys, hashValues, margins, { symbolBits: 4, copies: 0, parity: 8 })).rejects.toThrow(RangeError);
  });
});

describe('plan bytes', () => {
  const plan: RowPlan = { variant: 5, recordLength: 3, rows: [] };
  const layout = codeLayout(3, { symbolBits: 4, copies: 2, parity: 2 });
  for (let i = 0; i < layout.symbols; i++) plan.rows.push([2 * i + 1, 2 * i + 200]);
  const prot = { symbolBits: 4, copies: 2, parity: 2 };

  it('round-trips, padded to 256-byte steps', () => {
    const bytes = serializePlan(plan);
    expect(bytes.length % PLAN_PAD_TO).toBe(0);
    expect([...bytes.subarray(0, 6)]).toEqual([1, 5, 3, 2, 1, 200]); // version, variant, length, count, rows
    const varied = { ...plan, rows: plan.rows.map((r, i) => (i % 3 === 0 ? [r[0]] : r)) };
    expect(parsePlan(serializePlan(varied), prot, 400)).toEqual({ ok: true, plan: varied });
    expect(parsePlan(bytes, prot, 400)).toEqual({ ok: true, plan });
  });

  it('is read strictly', () => {
    const bytes = serializePlan(plan);
    expect(parsePlan(bytes, prot, 240)).toMatchObject({ ok: false, message: expect.stringContaining('outside 1..240') });
    const pad = bytes.slice();
    pad[pad.length - 1] = 1;
    expect(parsePlan(pad, prot, 400)).toMatchObject({ ok: false });
    expect(parsePlan(Uint8Array.of(...bytes, ...new Uint8Array(256)), prot, 400)).toMatchObject({ ok: false });
    const ver = bytes.slice();
    ver[0] = 2;
    expect(parsePlan(ver, prot, 400)).toMatchObject({ ok: false });
    const dup = serializePlan({ ...plan, rows: plan.rows.map((r, i) => (i === 1 ? [1, 2] : r)) });
    expect(parsePlan(dup, prot, 400)).toMatchObject({ ok: false, message: expect.stringContaining('twice') });
    expect(parsePlan(bytes.subarray(0, 10), prot, 400)).toMatchObject({ ok: false });
    expect(parsePlan(bytes, { ...prot, parity: 4 }, 400)).toMatchObject({ ok: false });
    expect(parsePlan(bytes, { ...prot, copies: 1 }, 400)).toMatchObject({ ok: false, message: expect.stringContaining('1..1 are allowed') });
  });
});
