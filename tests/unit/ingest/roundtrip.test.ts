/**
 * Files written by dcmjs (src/sample/writeDicom.ts) in every native transfer syntax, read back
 * by parseDicom + decodeSlice, against hand-computed modality values; and the same files read
 * by dcmjs, as an independent check of the writer.
 */
import dcmjs from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { decodeSlice } from '../../../src/ingest/decode';
import { parseDicom } from '../../../src/ingest/parse';
import { writeDicomSlice, formatDS, type DicomSliceSpec, type WritableTransferSyntax } from '../../../src/sample/writeDicom';

const SYNTAXES: [string, WritableTransferSyntax][] = [
  ['implicit VR LE', '1.2.840.10008.1.2'],
  ['explicit VR LE', '1.2.840.10008.1.2.1'],
  ['explicit VR BE', '1.2.840.10008.1.2.2'],
  ['deflated explicit VR LE', '1.2.840.10008.1.2.1.99'],
];

function spec(over: Partial<DicomSliceSpec>): DicomSliceSpec {
  return {
    patient: { name: 'Doe^Jane', id: 'PID-1', birthDate: '19700101', sex: 'F', age: '050Y' },
    institutionName: 'Example General Hospital',
    studyInstanceUid: '2.25.1',
    seriesInstanceUid: '2.25.2',
    sopInstanceUid: '2.25.3',
    studyDate: '20200101',
    studyDescription: 'Study',
    seriesDescription: 'Series',
    seriesNumber: 3,
    modality: 'CT',
    instanceNumber: 7,
    imagePosition: [-120.5, -99.25, 42.125],
    imageOrientation: [1, 0, 0, 0, 1, 0],
    pixelSpacing: [0.9375, 0.9375],
    sliceThickness: 3,
    windowCenter: 40,
    windowWidth: 400,
    rows: 2,
    columns: 3,
    bitsAllocated: 16,
    pixelRepresentation: 0,
    pixels: [0, 0, 0, 0, 0, 0],
    ...over,
  };
}

interface Case {
  name: string;
  over: Partial<DicomSliceSpec>;
  expected: number[];
}

// Expected values computed by hand: value = stored * slope + intercept.
const CASES: Case[] = [
  {
    name: '16-bit unsigned',
    over: { bitsAllocated: 16, pixelRepresentation: 0, pixels: [0, 1, 258, 4095, 65535, 32768] },
    expected: [0, 1, 258, 4095, 65535, 32768],
  },
  {
    name: '16-bit signed, intercept -1024',
    over: {
      bitsAllocated: 16,
      pixelRepresentation: 1,
      pixels: [0, 1, -1, -32768, 32767, -1024],
      rescaleSlope: 1,
      rescaleIntercept: -1024,
    },
    expected: [-1024, -1023, -1025, -33792, 31743, -2048],
  },
  {
    name: '8-bit unsigned, odd pixel count, slope 0.5 intercept 10',
    over: {
      rows: 1,
      columns: 5,
      bitsAllocated: 8,
      pixelRepresentation: 0,
      pixels: [0, 1, 127, 128, 255],
      rescaleSlope: 0.5,
      rescaleIntercept: 10,
    },
    expected: [10, 10.5, 73.5, 74, 137.5],
  },
  {
    name: '8-bit signed, slope 2',
    over: {
      bitsAllocated: 8,
      pixelRepresentation: 1,
      pixels: [0, 1, -1, -128, 127, -50],
      rescaleSlope: 2,
      rescaleIntercept: 0,
    },
    expected: [0, 2, -2, -256, 254, -100],
  },
  {
    name: '12-bit signed stored in 16 (sign extension from bit 11)',
    over: {
      bitsAllocated: 16,
      bitsStored: 12,
      pixelRepresentation: 1,
      pixels: [0x0fff, 0x0800, 0x07ff, 0, 1, 0x0ffe],
    },
    expected: [-1, -2048, 2047, 0, 1, -2],
  },
];

describe.each(SYNTAXES)('dcmjs-written %s', (_label, ts) => {
  it.each(CASES)('$name decodes to the hand-computed values', ({ over, expected }) => {
    const bytes = writeDicomSlice(spec({ ...over, transferSyntaxUid: ts }));
    const parsed = parseDicom(bytes);
    expect(parsed.header.transferSyntaxUid).toBe(ts);
    expect(parsed.part10).toBe(true);
    const img = decodeSlice(parsed);
    expect(img.width).toBe(over.columns ?? 3);
    expect(img.height).toBe(over.rows ?? 2);
    expect(Array.from(img.pixels)).toEqual(expected);
  });

  it('keeps the header fields', () => {
    const bytes = writeDicomSlice(
      spec({ transferSyntaxUid: ts, rescaleSlope: 1, rescaleIntercept: -1024, pixelRepresentation: 1 }),
    );
    const h = parseDicom(bytes).header;
    expect(h).toMatchObject({
      patientName: 'Doe^Jane',
      patientId: 'PID-1',
      patientBirthDate: '19700101',
      patientSex: 'F',
      patientAge: '050Y',
      institutionName: 'Example General Hospital',
      studyInstanceUid: '2.25.1',
      seriesInstanceUid: '2.25.2',
      sopInstanceUid: '2.25.3',
      sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
      studyDate: '20200101',
      studyDescription: 'Study',
      seriesDescription: 'Series',
      seriesNumber: 3,
      modality: 'CT',
      instanceNumber: 7,
      imagePosition: [-120.5, -99.25, 42.125],
      imageOrientation: [1, 0, 0, 0, 1, 0],
      pixelSpacing: [0.9375, 0.9375],
      sliceThickness: 3,
      rows: 2,
      columns: 3,
      bitsAllocated: 16,
      bitsStored: 16,
      highBit: 15,
      pixelRepresentation: 1,
      samplesPerPixel: 1,
      photometricInterpretation: 'MONOCHROME2',
      rescaleSlope: 1,
      rescaleIntercept: -1024,
      windowCenter: 40,
      windowWidth: 400,
      numberOfFrames: 1,
      specificCharacterSet: 'ISO_IR 192',
    });
  });

  it('is read back by dcmjs, an independent reader, with the same header and UTF-8 name', () => {
    const s = spec({ transferSyntaxUid: ts, patient: { ...spec({}).patient, name: 'Müller^Jürgen' }, pixels: [1, 2, 3, 4, 5, 6] });
    const bytes = writeDicomSlice(s);
    expect(parseDicom(bytes).header.patientName).toBe('Müller^Jürgen');
    const dict = dcmjs.data.DicomMessage.readFile(bytes.slice().buffer);
    const nat = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict) as Record<string, unknown>;
    expect(nat.PatientName).toEqual([{ Alphabetic: 'Müller^Jürgen' }]);
    expect(nat.Rows).toBe(2);
    expect(nat.Columns).toBe(3);
    expect(nat.InstanceNumber).toBe(7);
  });
});

describe('byte-level encoding', () => {
  const words = [0x0000, 0x0001, 0x0102, 0x0fff, 0xffff, 0x8000];
  const tail = (b: Uint8Array) => Array.from(b.subarray(b.length - 12));

  it('explicit VR little endian stores 16-bit words low byte first', () => {
    const b = writeDicomSlice(spec({ pixels: words, transferSyntaxUid: '1.2.840.10008.1.2.1' }));
    expect(tail(b)).toEqual([0, 0, 1, 0, 2, 1, 0xff, 0x0f, 0xff, 0xff, 0, 0x80]);
  });

  it('explicit VR big endian stores 16-bit words high byte first (PS3.5 A.3)', () => {
    const b = writeDicomSlice(spec({ pixels: words, transferSyntaxUid: '1.2.840.10008.1.2.2' }));
    expect(tail(b)).toEqual([0, 0, 0, 1, 1, 2, 0x0f, 0xff, 0xff, 0xff, 0x80, 0]);
  });

  it('deflated files really are compressed after the meta information, and even-length', () => {
    const pixels = new Array(64 * 64).fill(0).map((_, i) => (i >> 6) * 10);
    const plain = writeDicomSlice(spec({ rows: 64, columns: 64, pixels, transferSyntaxUid: '1.2.840.10008.1.2.1' }));
    const deflated = writeDicomSlice(
      spec({ rows: 64, columns: 64, pixels, transferSyntaxUid: '1.2.840.10008.1.2.1.99' }),
    );
    expect(deflated.length).toBeLessThan(plain.length / 4);
    expect(deflated.length % 2).toBe(0);
    const latin = (b: Uint8Array) => String.fromCharCode(...b);
    expect(latin(plain)).toContain('Doe^Jane');
    expect(latin(deflated)).not.toContain('Doe^Jane');
    const a = decodeSlice(parseDicom(plain)).pixels;
    const c = decodeSlice(parseDicom(deflated)).pixels;
    expect(Array.from(c)).toEqual(Array.from(a));
  });
});

describe('formatDS', () => {
  it('keeps DS values within 16 characters (PS3.5 6.2)', () => {
    expect(formatDS(3)).toBe('3');
    expect(formatDS(-120.5)).toBe('-120.5');
    expect(formatDS(0.9375)).toBe('0.9375');
    const long = formatDS(-119.53125000000001);
    expect(long.length).toBeLessThanOrEqual(16);
    expect(Number(long)).toBeCloseTo(-119.53125, 10);
    expect(formatDS(1 / 3).length).toBeLessThanOrEqual(16);
    expect(Number(formatDS(1 / 3))).toBeCloseTo(1 / 3, 12);
    expect(formatDS(1e-20).length).toBeLessThanOrEqual(16);
  });
});
