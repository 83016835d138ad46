/**
 * Pixel decoding on fixtures from the hand-rolled writer (tests/fixtures/rawDicom.ts), which is
 * independent of dcmjs: masking, sign extension, HighBit, rescale, MONOCHROME1, 8-bit OW in big
 * endian, bare data sets, and every refusal kind. Expected values are computed by hand.
 */
import { describe, expect, it } from 'vitest';
import { checkDecodable, decodeSlice, mirrorWindowCenter, readStoredValues } from '../../../src/ingest/decode';
import { IngestError } from '../../../src/ingest/errors';
import { parseDicom } from '../../../src/ingest/parse';
import {
  encapsulated,
  identity,
  imagePixelModule,
  ob8,
  ow16,
  ow8,
  str,
  TS,
  writeRawDicom,
  type RawElement,
} from '../../fixtures/rawDicom';

const NATIVE: [string, string][] = [
  ['implicit VR LE', TS.implicitLE],
  ['explicit VR LE', TS.explicitLE],
  ['explicit VR BE', TS.explicitBE],
  ['deflated explicit VR LE', TS.deflated],
];

function file(ts: string, elements: RawElement[], part10 = true): Uint8Array {
  return writeRawDicom({ transferSyntaxUid: ts, elements: [...identity({}), ...elements], part10 });
}

function expectIngestError(fn: () => unknown, kind: IngestError['kind']): IngestError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(IngestError);
    expect((e as IngestError).kind).toBe(kind);
    return e as IngestError;
  }
  throw new Error(`expected IngestError ${kind}`);
}

describe.each(NATIVE)('hand-rolled %s', (_label, ts) => {
  const be = ts === TS.explicitBE;

  it('masks garbage above BitsStored and sign-extends 12-bit signed values', () => {
    // Stored 12-bit two's complement in bits 0-11, junk (0xA000 / 0x5000 / 0xF000) above.
    const words = [0x0fff | 0xa000, 0x0800 | 0x5000, 0x07ff, 0x0000 | 0xf000, 0x0001, 0x0ffe];
    const bytes = file(ts, [
      ...imagePixelModule({ rows: 2, columns: 3, bitsAllocated: 16, bitsStored: 12, pixelRepresentation: 1, bigEndian: be }),
      ow16(0x7fe00010, words, be),
    ]);
    const parsed = parseDicom(bytes);
    expect(Array.from(readStoredValues(parsed))).toEqual([-1, -2048, 2047, 0, 1, -2]);
    expect(Array.from(decodeSlice(parsed).pixels)).toEqual([-1, -2048, 2047, 0, 1, -2]);
  });

  it('applies RescaleSlope and RescaleIntercept', () => {
    const words = [0x0fff, 0x0800, 0x07ff, 0x0000, 0x0001, 0x0ffe];
    const bytes = file(ts, [
      ...imagePixelModule({
        rows: 2,
        columns: 3,
        bitsAllocated: 16,
        bitsStored: 12,
        pixelRepresentation: 1,
        bigEndian: be,
        slope: 2.5,
        intercept: -100,
      }),
      ow16(0x7fe00010, words, be),
    ]);
    // stored [-1, -2048, 2047, 0, 1, -2] * 2.5 - 100
    expect(Array.from(decodeSlice(parseDicom(bytes)).pixels)).toEqual([-102.5, -5220, 5017.5, -100, -97.5, -105]);
  });

  it('uses HighBit: 12 bits stored in bits 4-15', () => {
    const bytes = file(ts, [
      ...imagePixelModule({ rows: 1, columns: 4, bitsAllocated: 16, bitsStored: 12, highBit: 15, bigEndian: be }),
      ow16(0x7fe00010, [0x0010, 0xfff0, 0x8000, 0x000f], be),
    ]);
    expect(Array.from(decodeSlice(parseDicom(bytes)).pixels)).toEqual([1, 4095, 2048, 0]);
  });

  it('decodes 8-bit OB unsigned and signed', () => {
    const u = file(ts, [...imagePixelModule({ rows: 1, columns: 5, bitsAllocated: 8, bigEndian: be }), ob8(0x7fe00010, [0, 1, 127, 128, 255])]);
    expect(Array.from(decodeSlice(parseDicom(u)).pixels)).toEqual([0, 1, 127, 128, 255]);
    const s = file(ts, [
      ...imagePixelModule({ rows: 1, columns: 5, bitsAllocated: 8, pixelRepresentation: 1, bigEndian: be }),
      ob8(0x7fe00010, [0, 1, 0xff, 0x80, 0x7f]),
    ]);
    expect(Array.from(decodeSlice(parseDicom(s)).pixels)).toEqual([0, 1, -1, -128, 127]);
  });

  it('decodes 8-bit samples sent as OW (swapped within words in big endian)', () => {
    const bytes = file(ts, [
      ...imagePixelModule({ rows: 1, columns: 5, bitsAllocated: 8, bigEndian: be }),
      ow8(0x7fe00010, [1, 2, 3, 4, 5], be),
    ]);
    expect(Array.from(decodeSlice(parseDicom(bytes)).pixels)).toEqual([1, 2, 3, 4, 5]);
  });

  it('mirrors MONOCHROME1 over the representable range so that brighter = denser', () => {
    const m8 = file(ts, [
      ...imagePixelModule({ rows: 1, columns: 4, bitsAllocated: 8, photometric: 'MONOCHROME1', bigEndian: be }),
      ob8(0x7fe00010, [0, 10, 255, 128]),
    ]);
    // 8-bit unsigned: 255 - v
    expect(Array.from(decodeSlice(parseDicom(m8)).pixels)).toEqual([255, 245, 0, 127]);

    const m12 = file(ts, [
      ...imagePixelModule({
        rows: 1,
        columns: 3,
        bitsAllocated: 16,
        bitsStored: 12,
        pixelRepresentation: 1,
        photometric: 'MONOCHROME1',
        bigEndian: be,
        intercept: -1000,
        slope: 1,
      }),
      str(0x00281050, 'DS', '50'),
      str(0x00281051, 'DS', '400'),
      ow16(0x7fe00010, [0, 100, 0x0800], be),
    ]);
    // 12-bit signed range [-2048, 2047]: v -> -1 - v, then + (-1000)
    const parsed = parseDicom(m12);
    expect(Array.from(decodeSlice(parsed).pixels)).toEqual([-1001, -1101, 1047]);
    // window centre mirrored the same way: lo -3048 + hi 1047 - 50
    expect(mirrorWindowCenter(parsed.header)).toBe(-2051);
  });
});

describe('bare data sets (no preamble, no meta information)', () => {
  it.each([
    ['implicit VR LE', TS.implicitLE],
    ['explicit VR LE', TS.explicitLE],
  ])('%s is recognised and decoded', (_label, ts) => {
    const bytes = file(ts, [...imagePixelModule({ rows: 1, columns: 3, bitsAllocated: 16 }), ow16(0x7fe00010, [7, 8, 9])], false);
    const parsed = parseDicom(bytes);
    expect(parsed.part10).toBe(false);
    expect(parsed.header.transferSyntaxUid).toBe(ts);
    expect(parsed.header.patientName).toBe('Test^Fixture');
    expect(Array.from(decodeSlice(parsed).pixels)).toEqual([7, 8, 9]);
  });
});

describe('refusals', () => {
  it('names JPEG Baseline and refuses it as unsupported-transfer-syntax', () => {
    const fakeJpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0xff, 0xd9]);
    const bytes = file(TS.jpegBaseline, [...imagePixelModule({ rows: 2, columns: 2, bitsAllocated: 8 }), encapsulated([fakeJpeg])]);
    const parsed = parseDicom(bytes); // still listable
    expect(parsed.pixelData?.encapsulated).toBe(true);
    const err = expectIngestError(() => decodeSlice(parsed), 'unsupported-transfer-syntax');
    expect(err.message).toContain('JPEG Baseline (Process 1) (1.2.840.10008.1.2.4.50) is not supported yet');
    expect(checkDecodable(parsed)?.kind).toBe('unsupported-transfer-syntax');
  });

  it('names JPEG Lossless', () => {
    const bytes = file(TS.jpegLossless, [
      ...imagePixelModule({ rows: 2, columns: 2, bitsAllocated: 16 }),
      encapsulated([Uint8Array.from([0xff, 0xd8, 0xff, 0xd9])]),
    ]);
    const err = expectIngestError(() => decodeSlice(parseDicom(bytes)), 'unsupported-transfer-syntax');
    expect(err.message).toMatch(/^JPEG Lossless \(1\.2\.840\.10008\.1\.2\.4\.70\) is not supported yet/);
  });

  it('refuses colour images as unsupported-pixel-format', () => {
    const bytes = file(TS.explicitLE, [
      ...imagePixelModule({ rows: 1, columns: 2, bitsAllocated: 8, samplesPerPixel: 3, photometric: 'RGB' }),
      ob8(0x7fe00010, [1, 2, 3, 4, 5, 6]),
    ]);
    const parsed = parseDicom(bytes);
    const err = expectIngestError(() => decodeSlice(parsed), 'unsupported-pixel-format');
    expect(err.message).toContain('3 samples per pixel');
  });

  it('refuses 32-bit pixels as unsupported-pixel-format', () => {
    const bytes = file(TS.explicitLE, [
      ...imagePixelModule({ rows: 1, columns: 1, bitsAllocated: 32 }),
      { tag: 0x7fe00010, vr: 'OB', value: new Uint8Array(4) },
    ]);
    expectIngestError(() => decodeSlice(parseDicom(bytes)), 'unsupported-pixel-format');
  });

  it('refuses multi-frame instances', () => {
    const bytes = file(TS.explicitLE, [
      ...imagePixelModule({ rows: 1, columns: 2, bitsAllocated: 16, frames: 2 }),
      ow16(0x7fe00010, [1, 2, 3, 4]),
    ]);
    const err = expectIngestError(() => decodeSlice(parseDicom(bytes)), 'multi-frame');
    expect(err.message).toContain('2 frames');
  });

  it('refuses instances without pixel data', () => {
    const bytes = file(TS.explicitLE, [str(0x0040a040, 'CS', 'TEXT')]);
    const parsed = parseDicom(bytes);
    expect(parsed.pixelData).toBeNull();
    expectIngestError(() => decodeSlice(parsed), 'no-pixel-data');
  });
});
