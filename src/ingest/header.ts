/**
 * Header fields the app needs, read from a dicom-parser DataSet.
 *
 * Text attributes are decoded with the instance's Specific Character Set (see charset.ts);
 * numeric attributes fall back to neutral defaults when absent or malformed, so that a
 * sloppy but readable file still lists (decode.ts decides whether its pixels are usable).
 * Attribute tags and meanings: DICOM PS3.6 (data dictionary) and PS3.3 C.7 (patient, study,
 * series, image plane and image pixel modules).
 */
import type { DataSet } from './dicomParserLib';
import { decodeText } from './charset';
import type { DicomHeader } from './types';

/** Tags used by the ingest modules, in dicom-parser's xGGGGEEEE form. */
export const TAG = {
  transferSyntaxUid: 'x00020010',
  specificCharacterSet: 'x00080005',
  sopClassUid: 'x00080016',
  sopInstanceUid: 'x00080018',
  studyDate: 'x00080020',
  studyTime: 'x00080030',
  modality: 'x00080060',
  institutionName: 'x00080080',
  studyDescription: 'x00081030',
  seriesDescription: 'x0008103e',
  patientName: 'x00100010',
  patientId: 'x00100020',
  patientBirthDate: 'x00100030',
  patientSex: 'x00100040',
  patientAge: 'x00101010',
  sliceThickness: 'x00180050',
  studyInstanceUid: 'x0020000d',
  seriesInstanceUid: 'x0020000e',
  seriesNumber: 'x00200011',
  instanceNumber: 'x00200013',
  imagePosition: 'x00200032',
  imageOrientation: 'x00200037',
  samplesPerPixel: 'x00280002',
  photometricInterpretation: 'x00280004',
  numberOfFrames: 'x00280008',
  rows: 'x00280010',
  columns: 'x00280011',
  pixelSpacing: 'x00280030',
  bitsAllocated: 'x00280100',
  bitsStored: 'x00280101',
  highBit: 'x00280102',
  pixelRepresentation: 'x00280103',
  windowCenter: 'x00281050',
  windowWidth: 'x00281051',
  rescaleIntercept: 'x00281052',
  rescaleSlope: 'x00281053',
  floatPixelData: 'x7fe00008',
  doubleFloatPixelData: 'x7fe00009',
  pixelData: 'x7fe00010',
} as const;

function text(ds: DataSet, tag: string, charset: string | undefined): string {
  const el = ds.elements[tag];
  if (!el || !el.length || el.length === 0xffffffff) return '';
  const end = Math.min(el.dataOffset + el.length, ds.byteArray.length);
  return decodeText(ds.byteArray.subarray(el.dataOffset, end) as Uint8Array, charset);
}

/** ASCII-only values (UI, CS, DA, TM, AS): no character set involved. */
function ascii(ds: DataSet, tag: string): string {
  const el = ds.elements[tag];
  if (!el || !el.length) return '';
  return (ds.string(tag) ?? '').replace(/\0/g, '').trim();
}

function num(ds: DataSet, tag: string, index = 0): number | null {
  const el = ds.elements[tag];
  if (!el || !el.length) return null;
  const v = ds.floatString(tag, index);
  return v !== undefined && Number.isFinite(v) ? v : null;
}

function int(ds: DataSet, tag: string): number | null {
  const v = num(ds, tag);
  return v === null ? null : Math.trunc(v);
}

function us(ds: DataSet, tag: string, fallback: number): number {
  const el = ds.elements[tag];
  if (!el || el.length < 2) return fallback;
  return ds.uint16(tag) ?? fallback;
}

function vector(ds: DataSet, tag: string, n: number): number[] | null {
  const el = ds.elements[tag];
  if (!el || !el.length) return null;
  if ((ds.numStringValues(tag) ?? 0) < n) return null;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = num(ds, tag, i);
    if (v === null) return null;
    out.push(v);
  }
  return out;
}

/** Read every DicomHeader field from a parsed data set. */
export function readHeader(ds: DataSet, transferSyntaxUid: string): DicomHeader {
  const charset = ds.elements[TAG.specificCharacterSet] ? ds.string(TAG.specificCharacterSet) : undefined;
  const bitsAllocated = us(ds, TAG.bitsAllocated, 0);
  const bitsStored = us(ds, TAG.bitsStored, bitsAllocated);
  const slope = num(ds, TAG.rescaleSlope);
  const frames = int(ds, TAG.numberOfFrames);
  const position = vector(ds, TAG.imagePosition, 3);
  const orientation = vector(ds, TAG.imageOrientation, 6);
  const spacing = vector(ds, TAG.pixelSpacing, 2);
  const header: DicomHeader = {
    transferSyntaxUid,
    sopInstanceUid: ascii(ds, TAG.sopInstanceUid),
    studyInstanceUid: ascii(ds, TAG.studyInstanceUid),
    seriesInstanceUid: ascii(ds, TAG.seriesInstanceUid),
    instanceNumber: int(ds, TAG.instanceNumber),
    imagePosition: position as [number, number, number] | null,
    patientName: text(ds, TAG.patientName, charset),
    patientId: text(ds, TAG.patientId, charset),
    patientBirthDate: ascii(ds, TAG.patientBirthDate),
    patientAge: ascii(ds, TAG.patientAge),
    patientSex: ascii(ds, TAG.patientSex),
    institutionName: text(ds, TAG.institutionName, charset),
    studyDate: ascii(ds, TAG.studyDate),
    studyDescription: text(ds, TAG.studyDescription, charset),
    seriesDescription: text(ds, TAG.seriesDescription, charset),
    modality: ascii(ds, TAG.modality),
    rows: us(ds, TAG.rows, 0),
    columns: us(ds, TAG.columns, 0),
    bitsAllocated,
    bitsStored,
    pixelRepresentation: us(ds, TAG.pixelRepresentation, 0),
    samplesPerPixel: us(ds, TAG.samplesPerPixel, 1),
    photometricInterpretation: ascii(ds, TAG.photometricInterpretation),
    // A zero or missing slope would erase the image; PS3.3 C.11.1.1.2 implies identity then.
    rescaleSlope: slope === null || slope === 0 ? 1 : slope,
    rescaleIntercept: num(ds, TAG.rescaleIntercept) ?? 0,
    windowCenter: num(ds, TAG.windowCenter),
    windowWidth: num(ds, TAG.windowWidth),
    numberOfFrames: frames !== null && frames > 0 ? frames : 1,
    imageOrientation: orientation as DicomHeader['imageOrientation'],
    pixelSpacing: spacing as [number, number] | null,
    sliceThickness: num(ds, TAG.sliceThickness),
    seriesNumber: int(ds, TAG.seriesNumber),
    sopClassUid: ascii(ds, TAG.sopClassUid),
    highBit: us(ds, TAG.highBit, bitsStored - 1),
    studyTime: ascii(ds, TAG.studyTime),
  };
  if (charset !== undefined) header.specificCharacterSet = charset;
  return header;
}

/**
 * Person Name (PN, PS3.5 6.2.1) for display: "Doe^Jane^A^Dr^Jr" -> "Dr Jane A Doe Jr".
 * Uses the alphabetic component group, or the ideographic one when the alphabetic is empty.
 * The raw value stays in DicomHeader.patientName: it is what is hidden and compared.
 */
export function formatPersonName(raw: string): string {
  const groups = raw.split('=');
  const group = groups.find((g) => g.replace(/\^/g, '').trim() !== '') ?? '';
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = group
    .split('^')
    .map((c) => c.trim());
  return [prefix, given, middle, family, suffix].filter((c) => c !== '').join(' ');
}
