import { describe, expect, it } from 'vitest';
import { buildIndexTable } from '../../../../src/protocol/indexTable';
import {
  buildSymbolTable,
  buildSymbolTables,
  bytesToSymbols,
  SYMBOL_VARIANTS,
  symbolOf,
  symbolsToBytes,
  whiteningStream,
} from '../../../../src/protocol/v2/mapping';

const keyA = Uint8Array.from({ length: 32 }, (_, i) => i);
const keyB = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);

describe('keyed symbol table', () => {
  it('maps all 512 hash values to 4-bit symbols, deterministically per key', async () => {
    const t = await buildSymbolTable(keyA);
    expect(t.length).toBe(512);
    expect(Math.max(...t)).toBeLessThan(16);
    expect(await buildSymbolTable(keyA)).toEqual(t);
    expect(await buildSymbolTable(keyB)).not.toEqual(t);
    for (const h of [0, 1, 200, 511]) expect(await symbolOf(h, keyA)).toBe(t[h]);
    expect(await symbolOf(77, keyA, 4, 5)).toBe((await buildSymbolTable(keyA, 9, 4, 5))[77]);
  });

  it('spreads hashes evenly over the 16 symbols', async () => {
    const t = await buildSymbolTable(keyA);
    const counts = new Array(16).fill(0);
    for (const s of t) counts[s]++;
    // 32 expected per symbol; chi-square with 15 d.f. stays below 37.7 (p = 0.001) for a PRF.
    const chi = counts.reduce((x, c) => x + (c - 32) ** 2 / 32, 0);
    expect(chi).toBeLessThan(37.7);
  });

  it('gives 256 different variants, 32 per set of HMACs', async () => {
    const tables = await buildSymbolTables(keyA);
    expect(tables.length).toBe(SYMBOL_VARIANTS);
    expect(SYMBOL_VARIANTS).toBe(256);
    expect(new Set(tables.map((t) => t.join(','))).size).toBe(SYMBOL_VARIANTS);
    expect(tables[3]).toEqual(await buildSymbolTable(keyA, 9, 4, 3));
    expect(tables[200]).toEqual(await buildSymbolTable(keyA, 9, 4, 200));
    expect(await symbolOf(300, keyA, 4, 200)).toBe(tables[200][300]);
    expect((await buildSymbolTables(keyA, 9, 4, 40)).slice(0, 40)).toEqual(tables.slice(0, 40));
    const wide = await buildSymbolTable(keyA, 9, 8);
    expect(Math.max(...wide)).toBeLessThan(256);
    expect(wide[10] >> 4).toBe(tables[0][10]); // same PRF byte, more bits
  });

  it("a row's symbol depends only on its own hash (unlike the rank-based table of v1)", async () => {
    // 60 rows over 40 distinct hashes; one row changes to a hash not seen before.
    const hashes = Array.from({ length: 60 }, (_, i) => (i * 37) % 40 * 12);
    const attacked = hashes.slice();
    attacked[10] = 5; // 5 is new and smaller than all hashes except 0: shifts every rank above it
    const t = await buildSymbolTable(keyA);
    const v2Changed = hashes.filter((h, i) => t[h] !== t[attacked[i]]).length;
    expect(v2Changed).toBeLessThanOrEqual(1);
    const v1a = buildIndexTable(hashes).hashToChar;
    const v1b = buildIndexTable(attacked).hashToChar;
    const v1Changed = hashes.filter((h, i) => v1a.get(h) !== v1b.get(attacked[i])).length;
    expect(v1Changed).toBeGreaterThan(40);
  });

  it('validates its arguments', async () => {
    await expect(buildSymbolTable(keyA, 9, 3)).rejects.toThrow(RangeError);
    await expect(buildSymbolTable(keyA, 9, 4, 256)).rejects.toThrow(RangeError);
    await expect(symbolOf(-1, keyA)).rejects.toThrow(RangeError);
  });
});

describe('symbols and whitening', () => {
  it('splits bytes into symbols, most significant first, and back', () => {
    expect([...bytesToSymbols(Uint8Array.of(0x4a, 0xf0))]).toEqual([4, 10, 15, 0]);
    expect([...bytesToSymbols(Uint8Array.of(0b10_01_11_00), 2)]).toEqual([2, 1, 3, 0]);
    expect([...bytesToSymbols(Uint8Array.of(0xa5), 1)]).toEqual([1, 0, 1, 0, 0, 1, 0, 1]);
    const bytes = Uint8Array.from({ length: 50 }, (_, i) => (i * 97) & 0xff);
    for (const bits of [1, 2, 4, 8]) expect(symbolsToBytes(bytesToSymbols(bytes, bits), bits)).toEqual(bytes);
    expect(() => symbolsToBytes(Uint8Array.of(1), 4)).toThrow(RangeError);
  });

  it('whitening is keyed, per variant, and deterministic', async () => {
    const w = await whiteningStream(keyA, 0, 200);
    expect(w.length).toBe(200);
    expect(Math.max(...w)).toBeLessThan(16);
    expect(await whiteningStream(keyA, 0, 200)).toEqual(w);
    expect((await whiteningStream(keyA, 0, 70)).subarray(0, 64)).toEqual(w.subarray(0, 64));
    expect(await whiteningStream(keyA, 1, 200)).not.toEqual(w);
    expect(await whiteningStream(keyB, 0, 200)).not.toEqual(w);
  });
});
