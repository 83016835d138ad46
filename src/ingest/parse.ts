/**
 * parseDicom: bytes of one file -> header fields + dicom-parser DataSet, or an IngestError.
 *
 * - Part 10 files (128-byte preamble, "DICM", file meta information in Explicit VR Little
 *   Endian: PS3.10 section 7.1) are read by dicom-parser with the transfer syntax named in
 *   (0002,0010).
 * - Files without preamble (a bare data set, as some older systems and PS3.10-unaware tools
 *   write) are recognised when they start with a group 0008 element; Implicit or Explicit VR
 *   Little Endian is guessed from the bytes where the VR would be (PS3.5 7.1.2 / 7.1.3).
 *   Anything else is 'not-dicom'.
 * - Deflated Explicit VR Little Endian (PS3.5 A.5): the data set after the meta information is
 *   raw DEFLATE; fflate inflates it (pure JS: the same code in Workers, the page and Node).
 * - Truncation: dicom-parser throws when an element header runs past the end of the buffer;
 *   an element whose declared length runs past the end (dicom-parser lets that pass in
 *   implicit VR), or native pixel data shorter than rows x columns x frames x bytes, is also
 *   reported as 'truncated'.
 *
 * Parsing succeeds for files whose pixels cannot be decoded (compressed, colour, no pixel data)
 * so that the series list can still show them; decode.ts refuses those with a precise reason.
 */
import { inflateSync } from 'fflate';
import { dicomParser, type DataSet } from './dicomParserLib';
import { IngestError } from './errors';
import { readHeader, TAG } from './header';
import { EXPLICIT_VR_LE, IMPLICIT_VR_LE, isSupportedTransferSyntax } from './transferSyntax';
import type { DicomHeader } from './types';

export interface PixelDataLocation {
  /** Byte offset of the value in dataSet.byteArray (the inflated array for deflated files). */
  offset: number;
  /** Value length in bytes (undefined-length encapsulated data: the length dicom-parser found). */
  length: number;
  /** Explicit VR of the element ('OB' or 'OW'), undefined for implicit VR. */
  vr?: string;
  /** True for compressed syntaxes (fragments in items, PS3.5 A.4). */
  encapsulated: boolean;
}

export interface ParsedDicom {
  header: DicomHeader;
  dataSet: DataSet;
  /** True when the file had the Part 10 preamble and "DICM" prefix. */
  part10: boolean;
  /** Pixel Data (7FE0,0010), or null when the instance has none. */
  pixelData: PixelDataLocation | null;
}

const VRS = new Set(
  'AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(' '),
);

function hasDicmPrefix(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d
  );
}

/**
 * Transfer syntax of a file without preamble, or null when it does not look like DICOM.
 * Only group 0008 (the first group of every composite instance, PS3.3) is accepted as a start,
 * which keeps random files (text, PNG, zip) out.
 */
export function sniffRawDataSet(bytes: Uint8Array): string | null {
  if (bytes.length < 16) return null;
  const group = bytes[0] | (bytes[1] << 8);
  if (group !== 0x0008) return null;
  const vr = String.fromCharCode(bytes[4], bytes[5]);
  if (VRS.has(vr)) return EXPLICIT_VR_LE;
  const length = (bytes[4] | (bytes[5] << 8) | (bytes[6] << 16) | (bytes[7] << 24)) >>> 0;
  if (length === 0xffffffff || length <= bytes.length - 8) return IMPLICIT_VR_LE;
  return null;
}

/** fflate-based replacement for dicom-parser's Node zlib / global pako inflaters. */
function inflater(array: Uint8Array, position: number): Uint8Array {
  let inflated: Uint8Array;
  try {
    inflated = inflateSync(array.subarray(position));
  } catch (e) {
    throw new IngestError(
      'truncated',
      'The compressed (deflated) part of this DICOM file is incomplete or damaged.',
      { cause: e },
    );
  }
  const full = new Uint8Array(position + inflated.length);
  full.set(array.subarray(0, position), 0);
  full.set(inflated, position);
  return full;
}

function messageOf(e: unknown): string {
  if (typeof e === 'string') return e;
  if (e && typeof e === 'object') {
    const o = e as { exception?: unknown; message?: unknown };
    if (o.exception !== undefined) return messageOf(o.exception);
    if (typeof o.message === 'string') return o.message;
  }
  return String(e);
}

const TRUNCATION = /past end|overrun|overread|greater than or equal|not found at offset|cannot seek/i;

function classify(e: unknown, bytes: Uint8Array): IngestError {
  if (e instanceof IngestError) return e;
  const inner = e && typeof e === 'object' && 'exception' in e ? (e as { exception: unknown }).exception : e;
  if (inner instanceof IngestError) return inner;
  const msg = messageOf(e);
  if (/DICM prefix not found/i.test(msg)) {
    return new IngestError('not-dicom', 'This file is not a DICOM file.', { cause: e });
  }
  if (/0002,0010/.test(msg) && bytes.length > 160) {
    return new IngestError(
      'not-dicom',
      'This file has a DICOM prefix but no transfer syntax in its file meta information; it cannot be read.',
      { cause: e },
    );
  }
  if (TRUNCATION.test(msg) || /0002,0010/.test(msg)) {
    return new IngestError('truncated', 'This DICOM file is truncated (it ends before its last element).', {
      cause: e,
    });
  }
  return new IngestError('truncated', `This DICOM file is damaged and cannot be read (${msg}).`, { cause: e });
}

/** Throws 'truncated' when a top-level element claims more bytes than the file holds. */
function checkElementExtents(ds: DataSet): void {
  const size = ds.byteArray.length;
  for (const tag of Object.keys(ds.elements)) {
    const el = ds.elements[tag];
    if (el.hadUndefinedLength || el.length === 0xffffffff) continue;
    if (el.dataOffset + el.length > size) {
      throw new IngestError(
        'truncated',
        `This DICOM file is truncated: element (${tag.slice(1, 5)},${tag.slice(5)}) needs ` +
          `${el.dataOffset + el.length - size} more bytes than the file holds.`,
      );
    }
  }
}

/** Bytes of native pixel data the header promises (PS3.5 8.1.1). */
export function expectedPixelBytes(h: DicomHeader): number {
  const samples = h.rows * h.columns * Math.max(1, h.samplesPerPixel) * Math.max(1, h.numberOfFrames);
  return Math.ceil((samples * h.bitsAllocated) / 8);
}

function locatePixelData(ds: DataSet): PixelDataLocation | null {
  const el = ds.elements[TAG.pixelData];
  if (!el) return null;
  const loc: PixelDataLocation = {
    offset: el.dataOffset,
    length: el.length,
    encapsulated: !!el.encapsulatedPixelData,
  };
  if (el.vr) loc.vr = el.vr;
  return loc;
}

/**
 * Parse one DICOM file. Throws IngestError 'not-dicom' or 'truncated'; every other problem is
 * left to decode.ts (see checkDecodable), so that the file can still be listed.
 */
export function parseDicom(input: Uint8Array | ArrayBuffer): ParsedDicom {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const part10 = hasDicmPrefix(bytes);
  let rawSyntax: string | null = null;
  if (!part10) {
    rawSyntax = sniffRawDataSet(bytes);
    if (rawSyntax === null) throw new IngestError('not-dicom', 'This file is not a DICOM file.');
  }
  let ds: DataSet;
  try {
    ds = dicomParser.parseDicom(bytes, {
      ...(rawSyntax ? { TransferSyntaxUID: rawSyntax } : {}),
      // dicom-parser's typings say void, but the callback must return the full byte array.
      inflater: inflater as unknown as (arr: Uint8Array, position: number) => void,
    });
  } catch (e) {
    throw classify(e, bytes);
  }
  checkElementExtents(ds);
  const transferSyntaxUid = rawSyntax ?? (ds.string(TAG.transferSyntaxUid) ?? '').replace(/\0/g, '').trim();
  const header = readHeader(ds, transferSyntaxUid);
  const pixelData = locatePixelData(ds);
  if (pixelData && !pixelData.encapsulated && isSupportedTransferSyntax(transferSyntaxUid)) {
    const expected = expectedPixelBytes(header);
    if (pixelData.length < expected) {
      throw new IngestError(
        'truncated',
        `This DICOM file is truncated: its pixel data holds ${pixelData.length} bytes, ` +
          `${header.rows} x ${header.columns} pixels need ${expected}.`,
      );
    }
  }
  return { header, dataSet: ds, part10, pixelData };
}
