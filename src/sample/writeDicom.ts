/**
 * Write one slice as a real DICOM Part 10 file (PS3.10 section 7: preamble, "DICM", file meta
 * information in Explicit VR Little Endian, then the data set), using dcmjs's DicomDict writer.
 *
 * Used for the bundled sample series and for test fixtures: the reader (src/ingest) is then
 * tested on files written by an independent implementation, not by its own mirror image.
 *
 * What dcmjs 0.51 can and cannot write, and how the gaps are closed here:
 * - Implicit and Explicit VR Little Endian: written by dcmjs as is.
 * - Explicit VR Big Endian: dcmjs writes tags, lengths and numeric values big endian but copies
 *   OW values byte for byte. The pixel bytes are therefore produced here already in the target
 *   byte order (PS3.5 A.3: 16-bit words big endian); 8-bit data is written as OB, never swapped.
 * - Deflated Explicit VR Little Endian: dcmjs labels the file deflated but writes the data set
 *   uncompressed. The data set after the file meta information is therefore compressed here
 *   with fflate's raw DEFLATE (RFC 1951, as PS3.5 A.5 requires) and padded with one NUL byte
 *   when odd, keeping the file even-length.
 * The tests check the resulting bytes directly (big endian word order) and read every syntax
 * back with both dicom-parser and dcmjs.
 *
 * The attribute set covers the Patient, General Study, General Series, Frame of Reference,
 * General Equipment, Image Plane, Image Pixel and (CT/MR) Image modules far enough for viewers
 * and this app; it is not a complete CT or MR Image IOD.
 */
import dcmjs from 'dcmjs';
import { deflateSync } from 'fflate';
import {
  DEFLATED_EXPLICIT_VR_LE,
  EXPLICIT_VR_BE,
  EXPLICIT_VR_LE,
  IMPLICIT_VR_LE,
} from '../ingest/transferSyntax';
import { uidFromSeed } from './uid';

export type WritableTransferSyntax =
  | typeof IMPLICIT_VR_LE
  | typeof EXPLICIT_VR_LE
  | typeof EXPLICIT_VR_BE
  | typeof DEFLATED_EXPLICIT_VR_LE;

export interface DicomPatient {
  /** Person Name, DICOM form: "Family^Given^Middle^Prefix^Suffix". */
  name: string;
  id: string;
  /** DA: YYYYMMDD. */
  birthDate: string;
  /** CS: M, F or O. */
  sex: string;
  /** AS: nnnY, e.g. "054Y". */
  age: string;
}

export interface DicomSliceSpec {
  /** Default Explicit VR Little Endian. */
  transferSyntaxUid?: WritableTransferSyntax;
  patient: DicomPatient;
  institutionName: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  frameOfReferenceUid?: string;
  /** DA and TM. */
  studyDate: string;
  studyTime?: string;
  studyDescription?: string;
  seriesDescription: string;
  seriesNumber: number;
  /** CT, MR, ... The SOP class follows (CT / MR Image Storage, else Secondary Capture). */
  modality: string;
  instanceNumber: number;
  imagePosition: [number, number, number];
  imageOrientation: [number, number, number, number, number, number];
  /** Row spacing, column spacing (mm). */
  pixelSpacing: [number, number];
  sliceThickness: number;
  windowCenter?: number;
  windowWidth?: number;
  rescaleSlope?: number;
  rescaleIntercept?: number;
  rows: number;
  columns: number;
  bitsAllocated: 8 | 16;
  /** Default bitsAllocated. */
  bitsStored?: number;
  /** Default bitsStored - 1. */
  highBit?: number;
  pixelRepresentation: 0 | 1;
  /** Default MONOCHROME2. */
  photometricInterpretation?: 'MONOCHROME1' | 'MONOCHROME2';
  /** Burned In Annotation (0028,0301): YES when the pixels carry text. */
  burnedInAnnotation?: boolean;
  /**
   * Stored pixel words, row-major, rows x columns. Written bit for bit (the low 8 or 16 bits of
   * each value), so tests can put garbage above BitsStored to check masking.
   */
  pixels: ArrayLike<number>;
}

const SOP_CLASS: Record<string, string> = {
  CT: '1.2.840.10008.5.1.4.1.1.2', // CT Image Storage
  MR: '1.2.840.10008.5.1.4.1.1.4', // MR Image Storage
};
const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';
/** Implementation Class UID (0002,0012) of this writer: fixed, derived like every other UID. */
export const IMPLEMENTATION_CLASS_UID = uidFromSeed(0, 'coverless-dicom writeDicom implementation');
const IMPLEMENTATION_VERSION = 'COVERLESS_0_1';

/**
 * Decimal String (PS3.5 6.2: at most 16 characters). Integers as such, others with as many
 * significant digits as fit.
 */
export function formatDS(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`DS value must be finite, got ${value}`);
  let s = String(value);
  for (let digits = 15; s.length > 16 && digits > 0; digits--) {
    s = value.toPrecision(digits).replace(/(\.\d*?)0+(e|$)/, '$1$2').replace(/\.(e|$)/, '$1');
  }
  return s;
}

function pixelBytes(spec: DicomSliceSpec, bigEndian: boolean): Uint8Array {
  const n = spec.rows * spec.columns;
  if (spec.pixels.length !== n) {
    throw new RangeError(`pixels has ${spec.pixels.length} values, rows x columns = ${n}`);
  }
  if (spec.bitsAllocated === 8) {
    const out = new Uint8Array(n + (n & 1)); // OB values are even-length (PS3.5 7.1.1)
    for (let i = 0; i < n; i++) out[i] = spec.pixels[i] & 0xff;
    return out;
  }
  const out = new Uint8Array(n * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < n; i++) view.setUint16(i * 2, spec.pixels[i] & 0xffff, !bigEndian);
  return out;
}

type Entry = [tag: string, vr: string, values: unknown[]];

/** Write one slice; returns the bytes of a complete Part 10 file. */
export function writeDicomSlice(spec: DicomSliceSpec): Uint8Array {
  const ts = spec.transferSyntaxUid ?? EXPLICIT_VR_LE;
  const bitsStored = spec.bitsStored ?? spec.bitsAllocated;
  const sopClassUid = SOP_CLASS[spec.modality] ?? SECONDARY_CAPTURE;
  const pixels = pixelBytes(spec, ts === EXPLICIT_VR_BE);
  const pixelArrayBuffer = pixels.buffer.slice(pixels.byteOffset, pixels.byteOffset + pixels.byteLength);

  const entries: Entry[] = [
    ['00080005', 'CS', ['ISO_IR 192']], // dcmjs always encodes text as UTF-8
    ['00080008', 'CS', ['ORIGINAL', 'PRIMARY', 'AXIAL']],
    ['00080016', 'UI', [sopClassUid]],
    ['00080018', 'UI', [spec.sopInstanceUid]],
    ['00080020', 'DA', [spec.studyDate]],
    ['00080021', 'DA', [spec.studyDate]],
    ['00080030', 'TM', [spec.studyTime ?? '120000']],
    ['00080031', 'TM', [spec.studyTime ?? '120000']],
    ['00080050', 'SH', []],
    ['00080060', 'CS', [spec.modality]],
    ['00080070', 'LO', ['coverless-dicom phantom']],
    ['00080080', 'LO', [spec.institutionName]],
    ['00080090', 'PN', []],
    ['00081030', 'LO', [spec.studyDescription ?? '']],
    ['0008103E', 'LO', [spec.seriesDescription]],
    ['00100010', 'PN', [{ Alphabetic: spec.patient.name }]],
    ['00100020', 'LO', [spec.patient.id]],
    ['00100030', 'DA', [spec.patient.birthDate]],
    ['00100040', 'CS', [spec.patient.sex]],
    ['00101010', 'AS', [spec.patient.age]],
    ['00180050', 'DS', [formatDS(spec.sliceThickness)]],
    ['00185100', 'CS', ['HFS']],
    ['0020000D', 'UI', [spec.studyInstanceUid]],
    ['0020000E', 'UI', [spec.seriesInstanceUid]],
    ['00200010', 'SH', ['1']],
    ['00200011', 'IS', [String(spec.seriesNumber)]],
    ['00200013', 'IS', [String(spec.instanceNumber)]],
    ['00200032', 'DS', spec.imagePosition.map(formatDS)],
    ['00200037', 'DS', spec.imageOrientation.map(formatDS)],
    ['00200052', 'UI', [spec.frameOfReferenceUid ?? uidFromSeed(0, `for ${spec.studyInstanceUid}`)]],
    ['00201040', 'LO', []],
    ['00201041', 'DS', [formatDS(spec.imagePosition[2])]],
    ['00280002', 'US', [1]],
    ['00280004', 'CS', [spec.photometricInterpretation ?? 'MONOCHROME2']],
    ['00280010', 'US', [spec.rows]],
    ['00280011', 'US', [spec.columns]],
    ['00280030', 'DS', spec.pixelSpacing.map(formatDS)],
    ['00280100', 'US', [spec.bitsAllocated]],
    ['00280101', 'US', [bitsStored]],
    ['00280102', 'US', [spec.highBit ?? bitsStored - 1]],
    ['00280103', 'US', [spec.pixelRepresentation]],
    ['00280301', 'CS', [spec.burnedInAnnotation ? 'YES' : 'NO']],
  ];
  if (spec.windowCenter !== undefined && spec.windowWidth !== undefined) {
    entries.push(['00281050', 'DS', [formatDS(spec.windowCenter)]]);
    entries.push(['00281051', 'DS', [formatDS(spec.windowWidth)]]);
  }
  if (spec.rescaleSlope !== undefined || spec.rescaleIntercept !== undefined) {
    entries.push(['00281052', 'DS', [formatDS(spec.rescaleIntercept ?? 0)]]);
    entries.push(['00281053', 'DS', [formatDS(spec.rescaleSlope ?? 1)]]);
    entries.push(['00281054', 'LO', [spec.modality === 'CT' ? 'HU' : 'US']]);
  }
  entries.push(['7FE00010', spec.bitsAllocated === 8 ? 'OB' : 'OW', [pixelArrayBuffer]]);
  entries.sort((a, b) => (a[0] < b[0] ? -1 : 1)); // ascending tag order, PS3.5 7.1

  const meta = {
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    '00020002': { vr: 'UI', Value: [sopClassUid] },
    '00020003': { vr: 'UI', Value: [spec.sopInstanceUid] },
    '00020010': { vr: 'UI', Value: [ts] },
    '00020012': { vr: 'UI', Value: [IMPLEMENTATION_CLASS_UID] },
    '00020013': { vr: 'SH', Value: [IMPLEMENTATION_VERSION] },
  };
  const dict = new dcmjs.data.DicomDict(meta);
  for (const [tag, vr, values] of entries) dict.dict[tag] = { vr, Value: values };
  const file = new Uint8Array(dict.write());
  return ts === DEFLATED_EXPLICIT_VR_LE ? deflateDataSet(file) : file;
}

/**
 * Compress everything after the file meta information (whose length is (0002,0000), the
 * first element after "DICM") with raw DEFLATE.
 */
function deflateDataSet(file: Uint8Array): Uint8Array {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (view.getUint16(132, true) !== 0x0002 || view.getUint16(134, true) !== 0x0000) {
    throw new Error('writeDicom: file meta information group length (0002,0000) not found');
  }
  const metaEnd = 144 + view.getUint32(140, true);
  const deflated = deflateSync(file.subarray(metaEnd), { level: 6 });
  const padded = (metaEnd + deflated.length) & 1;
  const out = new Uint8Array(metaEnd + deflated.length + padded);
  out.set(file.subarray(0, metaEnd), 0);
  out.set(deflated, metaEnd);
  return out;
}
