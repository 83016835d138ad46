import { describe, expect, it } from 'vitest';
import { ALPHABET } from '../../../src/protocol/alphabet';
import { buildIndexTable } from '../../../src/protocol/indexTable';
import { hideSymbols, pickRowFirst, pickRowUniform, secureRandomInt } from '../../../src/protocol/hide';
import { revealSymbols } from '../../../src/protocol/reveal';
import { hideText, revealText } from '../../../src/protocol/text';

/**
 * A series of N = 115 slices (456 rows) whose table contains the rows of the paper's
 * Fig. 8: 'a' 000000101 -> rows 1, 9, 27; 'b' 000000111 -> 13; 'Z' 100100001 -> 2, 6;
 * '0' 100100100 -> 152; '1' 100100110 -> 456; '9' 111110000 -> 356, 431.
 * 62 distinct hashes in all, so 'Z' is rank 51, '0' rank 52, '1' rank 53, '9' rank 61.
 */
function fig8Hashes(): number[] {
  const fixed: Record<number, number> = {
    1: 0b000000101, 9: 0b000000101, 27: 0b000000101,
    13: 0b000000111,
    2: 0b100100001, 6: 0b100100001,
    152: 0b100100100,
    456: 0b100100110,
    356: 0b111110000, 431: 0b111110000,
  };
  // ranks 2..50: hashes 8..56; ranks 54..60: hashes 300..306
  const fill = [...Array.from({ length: 49 }, (_, i) => 8 + i), ...Array.from({ length: 7 }, (_, i) => 300 + i)];
  const hashes: number[] = [];
  let k = 0;
  for (let row = 1; row <= 456; row++) hashes.push(fixed[row] ?? fill[k++ % fill.length]);
  return hashes;
}

describe('hide and reveal (section 4.9, Fig. 9)', () => {
  const hashes = fig8Hashes();
  const table = buildIndexTable(hashes);

  it('builds the Fig. 8 entries', () => {
    expect(table.entries).toHaveLength(62);
    expect(table.entries[0]).toEqual({ char: 'a', hash: 5, rows: [1, 9, 27] });
    expect(table.entries[1]).toEqual({ char: 'b', hash: 7, rows: [13] });
    expect(table.entries[51]).toEqual({ char: 'Z', hash: 289, rows: [2, 6] });
    expect(table.entries[52]).toEqual({ char: '0', hash: 292, rows: [152] });
    expect(table.entries[53]).toEqual({ char: '1', hash: 294, rows: [456] });
    expect(table.entries[61]).toEqual({ char: '9', hash: 496, rows: [356, 431] });
  });

  it('hides "Za91" as the paper\'s {2, 1, 356, 456} when the first row is taken', () => {
    expect(hideSymbols('Za91', table, pickRowFirst)).toEqual({ ok: true, rows: [2, 1, 356, 456], successRate: 1 });
  });

  it('reveals "Za91" from any choice of rows', () => {
    expect(revealSymbols([2, 1, 356, 456], hashes)).toEqual({ ok: true, symbols: 'Za91' });
    expect(revealSymbols([6, 27, 431, 456], hashes)).toEqual({ ok: true, symbols: 'Za91' });
    for (let i = 0; i < 20; i++) {
      const hidden = hideSymbols('Za91aZ99', table);
      if (!hidden.ok) throw new Error('should hide');
      expect(revealSymbols(hidden.rows, hashes)).toEqual({ ok: true, symbols: 'Za91aZ99' });
    }
  });

  it('picks among all rows of a character, uniformly by default', () => {
    const counts = new Map<number, number>();
    for (let i = 0; i < 3000; i++) {
      const r = pickRowUniform([1, 9, 27]);
      counts.set(r, (counts.get(r) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([1, 9, 27]);
    for (const c of counts.values()) expect(c).toBeGreaterThan(800); // expected 1000 each
    expect(secureRandomInt(1)).toBe(0);
    expect(() => secureRandomInt(0)).toThrow(RangeError);
  });

  it('refuses a pickRow that returns a foreign row, and empty symbols', () => {
    expect(() => hideSymbols('a', table, () => 2)).toThrow(/not a row of 'a'/);
    expect(() => hideSymbols('', table)).toThrow(/empty/);
  });

  it('names missing characters and the success rate k/62 (Eq. 19)', () => {
    // rows 1..5 -> 3 distinct hashes -> 'a', 'b', 'c'
    const small = buildIndexTable([40, 10, 20, 10, 40]);
    expect(hideSymbols('abca', small, pickRowFirst)).toEqual({ ok: true, rows: [2, 3, 1, 2], successRate: 3 / 62 });
    expect(hideSymbols('abcd', small)).toEqual({ ok: false, missing: ['d'], successRate: 3 / 62 });
    expect(hideSymbols('Zaa ZZ d', small)).toEqual({ ok: false, missing: ['Z', ' ', 'd'], successRate: 3 / 62 });
    const full = hideSymbols(ALPHABET, table);
    expect(full.ok).toBe(true);
  });

  it('returns a typed error for rows outside 1..4(N-1)', () => {
    expect(revealSymbols([2, 457], hashes)).toEqual({
      ok: false,
      code: 'row-out-of-range',
      row: 457,
      position: 1,
      maxRow: 456,
      message: 'Row 457 (item 2) is outside 1..456, the rows this series gives (4 per pair of neighbouring slices).',
    });
    expect(revealSymbols([0], hashes)).toMatchObject({ ok: false, row: 0, position: 0 });
    expect(revealSymbols([1.5], hashes)).toMatchObject({ ok: false, code: 'row-out-of-range' });
    expect(revealSymbols([1], [])).toMatchObject({ ok: false, maxRow: 0, message: expect.stringMatching(/at least 2 slices/) });
  });
});

describe('text-level hide and reveal', () => {
  const hashes = fig8Hashes();

  it('round-trips alphabet text and Unicode text', () => {
    for (const text of ['Za91', 'Zoë Ångström 李', 'DOE^JOHN 1950-03-07 M']) {
      const hidden = hideText(text, hashes);
      if (!hidden.ok) throw new Error(hidden.message);
      expect(hidden.coding).toBe(text === 'Za91' ? 'alphabet62' : 'utf8-base62');
      expect(hidden.rows.every((r) => r >= 1 && r <= 456)).toBe(true);
      expect(revealText(hidden.rows, hidden.coding, hashes)).toEqual({ ok: true, text });
    }
  });

  it('reports what cannot be hidden', () => {
    const small = [40, 10, 20, 10, 40]; // covers a, b, c
    const r = hideText('abcd', small);
    expect(r).toMatchObject({ ok: false, code: 'missing-characters', missing: ['d'], successRate: 3 / 62 });
    if (!r.ok) expect(r.message).toBe("This series gives no row for the characters 'd' (hiding success rate 4.8 %, Eq. 19). A series with more slices covers more characters.");
    expect(hideText('', hashes)).toMatchObject({ ok: false, code: 'empty-text' });
  });

  it('flags a base-62 reveal whose hashes differ (shifted table) instead of inventing text', () => {
    const hidden = hideText('Zoë', hashes, { pickRow: pickRowFirst });
    if (!hidden.ok) throw new Error(hidden.message);
    // A receiver whose table is shifted by one entry at the bottom (one extra distinct hash).
    const shifted = hashes.slice();
    shifted[hidden.rows.includes(3) ? 4 : 3] = 0; // hash 0 < 5: every rank moves up by one
    expect(hidden.rows).toEqual([8, 25, 25, 40, 34, 54]);
    // Here the base-62 check (0x01 marker, strict UTF-8) catches it; in general it is only a weak check.
    expect(revealText(hidden.rows, hidden.coding, shifted)).toMatchObject({ ok: false, code: 'undecodable' });
  });
});
