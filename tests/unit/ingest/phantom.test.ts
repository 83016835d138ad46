/** The numerical phantom: determinism, smooth change along the series, burned-in marks, UIDs. */
import { describe, expect, it } from 'vitest';
import { decodeSlice } from '../../../src/ingest/decode';
import { parseDicom } from '../../../src/ingest/parse';
import { makePhantomSeries, phantomSliceImage, type PhantomSeries } from '../../../src/sample/phantom';
import { phantomToDicomFiles } from '../../../src/sample/phantomDicom';
import { uidFromSeed } from '../../../src/sample/uid';

function fingerprint(s: PhantomSeries): string {
  let h = 0x811c9dc5;
  for (const slice of s.slices) {
    for (let i = 0; i < slice.stored.length; i++) h = Math.imul(h ^ (slice.stored[i] & 0xffff), 0x01000193) >>> 0;
  }
  return h.toString(16);
}

/** 8-connected components of a mask; returns their sizes. */
function componentSizes(mask: Uint8Array, w: number, h: number): number[] {
  const seen = new Uint8Array(mask.length);
  const sizes: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || seen[start]) continue;
    let size = 0;
    const stack = [start];
    seen[start] = 1;
    while (stack.length) {
      const p = stack.pop()!;
      size++;
      const x = p % w;
      const y = (p - x) / w;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          const q = ny * w + nx;
          if (mask[q] && !seen[q]) {
            seen[q] = 1;
            stack.push(q);
          }
        }
      }
    }
    sizes.push(size);
  }
  return sizes;
}

describe('makePhantomSeries', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = makePhantomSeries({ slices: 6, size: 64, seed: 42 });
    const b = makePhantomSeries({ slices: 6, size: 64, seed: 42 });
    const c = makePhantomSeries({ slices: 6, size: 64, seed: 43 });
    expect(fingerprint(a)).toBe(fingerprint(b));
    expect(a.slices[3].stored).toEqual(b.slices[3].stored);
    expect(fingerprint(a)).not.toBe(fingerprint(c));
  });

  it('stores CT as signed 16-bit with intercept -1024 and MR as unsigned 12-bit', () => {
    const ct = makePhantomSeries({ slices: 2, size: 64, seed: 1, modality: 'CT' });
    expect(ct.slices[0].stored).toBeInstanceOf(Int16Array);
    expect(ct).toMatchObject({ pixelRepresentation: 1, bitsStored: 16, rescaleIntercept: -1024, rescaleSlope: 1 });
    const corner = phantomSliceImage(ct, 0).pixels[64 * 63 + 63];
    expect(corner).toBeGreaterThan(-1040);
    expect(corner).toBeLessThan(-960);
    const mr = makePhantomSeries({ slices: 2, size: 64, seed: 1, modality: 'MR' });
    expect(mr.slices[0].stored).toBeInstanceOf(Uint16Array);
    expect(mr).toMatchObject({ pixelRepresentation: 0, bitsStored: 12, rescaleIntercept: 0 });
    expect(Math.max(...mr.slices[0].stored)).toBeLessThanOrEqual(4095);
  });

  it('changes smoothly: neighbours are similar but not identical, far slices differ more', () => {
    const s = makePhantomSeries({ slices: 24, size: 96, seed: 3, annotations: false });
    const mad = (i: number, j: number) => {
      const a = s.slices[i].stored;
      const b = s.slices[j].stored;
      let sum = 0;
      for (let k = 0; k < a.length; k++) sum += Math.abs(a[k] - b[k]);
      return sum / a.length;
    };
    for (let i = 0; i + 1 < 24; i++) expect(mad(i, i + 1)).toBeGreaterThan(0);
    const near = mad(10, 11);
    const far = mad(2, 20);
    expect(far).toBeGreaterThan(3 * near);
  });

  it('burns small bright marks outside the body, each under 0.5 % of the slice', () => {
    for (const size of [64, 128, 256, 512]) {
      const s = makePhantomSeries({ slices: 3, size, seed: 8 });
      const img = phantomSliceImage(s, 2);
      const mask = Uint8Array.from(img.pixels, (v) => (v >= 3071 ? 1 : 0));
      const sizes = componentSizes(mask, size, size);
      expect(sizes.length).toBeGreaterThanOrEqual(8); // "IM 3", "SE 1", R, L
      expect(Math.max(...sizes)).toBeLessThan(0.005 * size * size);
      // Every mark lies outside the head: no body pixel (> -500 HU) within 2 pixels of it.
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          if (!mask[y * size + x]) continue;
          for (let dy = -2; dy <= 2; dy++) {
            for (let dx = -2; dx <= 2; dx++) {
              const q = (y + dy) * size + (x + dx);
              if (y + dy < 0 || x + dx < 0 || y + dy >= size || x + dx >= size || mask[q]) continue;
              expect(img.pixels[q]).toBeLessThan(-500);
            }
          }
        }
      }
    }
    const plain = makePhantomSeries({ slices: 1, size: 64, seed: 8, annotations: false });
    expect(Math.max(...phantomSliceImage(plain, 0).pixels)).toBeLessThan(3071);
  });

  it('writes DICOM that decodes back to the phantom values', () => {
    const s = makePhantomSeries({ slices: 2, size: 48, seed: 11 });
    const files = phantomToDicomFiles(s, {
      seed: 11,
      patient: { name: 'Doe^Jane', id: 'P', birthDate: '19700101', sex: 'F', age: '050Y' },
      institutionName: 'X',
    });
    const again = phantomToDicomFiles(s, {
      seed: 11,
      patient: { name: 'Doe^Jane', id: 'P', birthDate: '19700101', sex: 'F', age: '050Y' },
      institutionName: 'X',
    });
    expect(files[1].bytes).toEqual(again[1].bytes);
    const img = decodeSlice(parseDicom(files[1].bytes));
    expect(Array.from(img.pixels)).toEqual(Array.from(phantomSliceImage(s, 1).pixels));
  });
});

describe('uidFromSeed', () => {
  it('gives valid, deterministic, distinct 2.25 UIDs', () => {
    const a = uidFromSeed(1, 'study');
    expect(a).toMatch(/^2\.25\.[1-9]\d*$/);
    expect(a.length).toBeLessThanOrEqual(64);
    expect(uidFromSeed(1, 'study')).toBe(a);
    expect(uidFromSeed(2, 'study')).not.toBe(a);
    expect(uidFromSeed(1, 'series 1')).not.toBe(a);
  });
});
