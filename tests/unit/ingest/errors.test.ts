/**
 * Files that cannot be read at all: not DICOM, or truncated (in the meta information, in an
 * element header, in the pixel data, in the deflated stream), and the IngestError contract.
 */
import { describe, expect, it } from 'vitest';
import { IngestError, unsupportedTransferSyntaxError } from '../../../src/ingest/errors';
import { parseDicom } from '../../../src/ingest/parse';
import { transferSyntaxName } from '../../../src/ingest/transferSyntax';
import { makePhantomSeries } from '../../../src/sample/phantom';
import { phantomToDicomFiles } from '../../../src/sample/phantomDicom';
import type { WritableTransferSyntax } from '../../../src/sample/writeDicom';
import { identity, imagePixelModule, ow16, TS, writeRawDicom } from '../../fixtures/rawDicom';

function kindOf(bytes: Uint8Array): string {
  try {
    parseDicom(bytes);
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(IngestError);
    return (e as IngestError).kind;
  }
}

const series = makePhantomSeries({ slices: 1, size: 32, seed: 5, annotations: false });
function phantomFile(ts: WritableTransferSyntax): Uint8Array {
  return phantomToDicomFiles(series, {
    seed: 5,
    patient: { name: 'Doe^Jane', id: '1', birthDate: '19700101', sex: 'F', age: '050Y' },
    institutionName: 'X',
    transferSyntaxUid: ts,
  })[0].bytes;
}

describe('not DICOM', () => {
  it.each([
    ['an empty file', new Uint8Array(0)],
    ['a text file', new TextEncoder().encode('patient list\nDoe, Jane\n'.repeat(20))],
    ['a PNG signature', Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10, ...new Array(300).fill(0)])],
    ['300 zero bytes', new Uint8Array(300)],
  ])('%s is not-dicom', (_label, bytes) => {
    expect(kindOf(bytes)).toBe('not-dicom');
    try {
      parseDicom(bytes);
    } catch (e) {
      expect((e as Error).message).toBe('This file is not a DICOM file.');
    }
  });
});

describe('truncated', () => {
  it.each([
    ['implicit VR LE', TS.implicitLE],
    ['explicit VR LE', TS.explicitLE],
    ['explicit VR BE', TS.explicitBE],
    ['deflated explicit VR LE', TS.deflated],
  ] as [string, WritableTransferSyntax][])('a %s file cut in its pixel data is truncated', (_label, ts) => {
    const full = phantomFile(ts);
    expect(kindOf(full)).toBe('ok');
    expect(kindOf(full.subarray(0, Math.floor(full.length * 0.6)))).toBe('truncated');
    // The last byte of a deflated file may be the NUL that pads the stream to even length.
    const lost = ts === TS.deflated ? 3 : 1;
    expect(kindOf(full.subarray(0, full.length - lost))).toBe('truncated');
  });

  it('a file cut in the middle of its header is truncated', () => {
    const full = phantomFile(TS.explicitLE);
    for (const cut of [133, 150, 300, 500, 700]) expect(kindOf(full.subarray(0, cut))).toBe('truncated');
  });

  it('an implicit VR file cut in its header is truncated', () => {
    const full = phantomFile(TS.implicitLE);
    for (const cut of [300, 501, 701]) expect(kindOf(full.subarray(0, cut))).toBe('truncated');
  });

  it('a file that ends right after DICM is truncated', () => {
    expect(kindOf(phantomFile(TS.explicitLE).subarray(0, 132))).toBe('truncated');
  });

  it('pixel data shorter than rows x columns x bytes is truncated', () => {
    const bytes = writeRawDicom({
      transferSyntaxUid: TS.explicitLE,
      elements: [...identity({}), ...imagePixelModule({ rows: 4, columns: 4, bitsAllocated: 16 }), ow16(0x7fe00010, new Array(10).fill(1))],
    });
    expect(kindOf(bytes)).toBe('truncated');
    expect(() => parseDicom(bytes)).toThrow(/20 bytes.*need 32/);
  });
});

describe('IngestError', () => {
  it('is an Error with a kind and a name', () => {
    const e = new IngestError('truncated', 'cut');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('IngestError');
    expect(e.kind).toBe('truncated');
    const named = e.withFileName('IM0001.dcm');
    expect(named.message).toBe('IM0001.dcm: cut');
    expect(named.fileName).toBe('IM0001.dcm');
    expect(named.kind).toBe('truncated');
  });

  it('names transfer syntaxes in unsupported-transfer-syntax messages', () => {
    expect(unsupportedTransferSyntaxError('1.2.840.10008.1.2.4.70').message).toMatch(
      /^JPEG Lossless \(1\.2\.840\.10008\.1\.2\.4\.70\) is not supported yet/,
    );
    expect(unsupportedTransferSyntaxError('1.2.840.10008.1.2.4.90').message).toContain('JPEG 2000 (Lossless Only)');
    expect(unsupportedTransferSyntaxError('1.2.840.10008.1.2.5').message).toContain('RLE Lossless');
    expect(transferSyntaxName('1.2.840.10008.1.2.4.999')).toBe('A JPEG-family compressed transfer syntax');
    expect(transferSyntaxName('1.2.3')).toBe('Unknown transfer syntax');
  });
});
