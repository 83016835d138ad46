import { describe, expect, it } from 'vitest';
import { buildIndexTable, coveredCharCount, hidingSuccessRate } from '../../../src/protocol/indexTable';

describe('index table (section 4.8, Fig. 8)', () => {
  it('sorts distinct hashes ascending, groups 1-based rows, maps rank r to ALPHABET[r]', () => {
    // rows:      1  2  3  4  5  6
    const t = buildIndexTable([7, 5, 5, 300, 7, 5]);
    expect(t.rowCount).toBe(6);
    expect(t.entries).toEqual([
      { char: 'a', hash: 5, rows: [2, 3, 6] },
      { char: 'b', hash: 7, rows: [1, 5] },
      { char: 'c', hash: 300, rows: [4] },
    ]);
    expect(t.hashToChar.get(5)).toBe('a');
    expect(t.hashToChar.get(300)).toBe('c');
    expect(t.charToRows.get('b')).toEqual([1, 5]);
    expect(t.charToRows.has('d')).toBe(false);
    expect(coveredCharCount(t)).toBe(3);
    expect(hidingSuccessRate(t)).toBeCloseTo(3 / 62, 15);
  });

  it('wraps cyclically: with 70 distinct hashes entry 62 is "a" again', () => {
    // 70 distinct hashes 690, 680, ..., 0 on rows 1..70, then 690 again on row 71.
    const hashes = Array.from({ length: 70 }, (_, i) => 10 * (69 - i));
    hashes.push(690);
    const t = buildIndexTable(hashes);
    expect(t.entries).toHaveLength(70);
    // entry r holds hash 10r, produced by row 70 - r
    expect(t.entries[0]).toEqual({ char: 'a', hash: 0, rows: [70] });
    expect(t.entries[25]).toEqual({ char: 'z', hash: 250, rows: [45] });
    expect(t.entries[26]).toEqual({ char: 'A', hash: 260, rows: [44] });
    expect(t.entries[61]).toEqual({ char: '9', hash: 610, rows: [9] });
    expect(t.entries[62]).toEqual({ char: 'a', hash: 620, rows: [8] });
    expect(t.entries[69]).toEqual({ char: 'h', hash: 690, rows: [1, 71] });
    // hash -> char
    expect(t.hashToChar.get(0)).toBe('a');
    expect(t.hashToChar.get(620)).toBe('a');
    expect(t.hashToChar.get(690)).toBe('h');
    expect(t.hashToChar.get(520)).toBe('0');
    // char -> rows of every entry with that char, ascending
    expect(t.charToRows.get('a')).toEqual([8, 70]);
    expect(t.charToRows.get('h')).toEqual([1, 63, 71]); // entry 7 (hash 70, row 63) + entry 69
    expect(t.charToRows.get('i')).toEqual([62]);
    // Eq. 19: all 62 characters covered
    expect(coveredCharCount(t)).toBe(62);
    expect(hidingSuccessRate(t)).toBe(1);
  });

  it('handles an empty series and rejects invalid hashes', () => {
    const t = buildIndexTable([]);
    expect(t.entries).toEqual([]);
    expect(hidingSuccessRate(t)).toBe(0);
    expect(() => buildIndexTable([1, -1])).toThrow(/row 2/);
    expect(() => buildIndexTable([1.5])).toThrow(RangeError);
    expect(() => buildIndexTable([Number.NaN])).toThrow(RangeError);
  });
});
