/**
 * De-identification of one DICOM instance with the Basic Application Level Confidentiality
 * Profile (DICOM PS3.15 Annex E, E.1.1 and Table E.1-1; the action table is in profile.ts),
 * pixel data left byte for byte as it was.
 *
 * Why: the app hides the patient's details beside the series (coverless steganography); a
 * copy of the series that still carries them in every header would protect nothing. The
 * receiver reveals from the pixels, so the pixels must not change at all.
 *
 * How:
 * 1. dcmjs (DicomMessage.readFile) parses the instance into its tag -> {vr, Value} form.
 * 2. Every attribute of Table E.1-1, at any depth of sequence nesting, gets its action
 *    (D dummy, Z empty, X removed, U new UID from the series' UidMap); all private
 *    attributes, curves and overlays are removed; other attributes are kept, kept sequences
 *    are cleaned item by item. Retired Group Length elements (gggg,0000), wrong once
 *    attributes are gone, are dropped.
 * 3. The markers of PS3.15 E.1.1 item 6 and E.2 are set: Patient Identity Removed (0012,0062)
 *    = YES, De-identification Method (0012,0063) gains DEFAULT_METHOD_TEXT, De-identification
 *    Method Code Sequence (0012,0064) gains (113100, DCM, "Basic Application Confidentiality
 *    Profile"), Longitudinal Temporal Information Modified (0028,0303) = REMOVED. Existing
 *    values and items are kept.
 * 4. The File Meta Information is rewritten (E.1.1 item 7): zero preamble, new Media Storage
 *    SOP Instance UID, this application's Implementation Class UID and Version Name, no
 *    Source / Sending / Receiving AE Title, no private information.
 * 5. dcmjs writes the instance in its original transfer syntax (Deflated Explicit VR Little
 *    Endian is written as explicit VR little endian and deflated here, which dcmjs does not
 *    do). The Pixel Data element is not re-encoded by dcmjs at all: dcmjs writes an empty
 *    placeholder, and the original element (tag, VR, length and value, or for encapsulated
 *    data the whole item sequence with its offset table and fragments) is copied in its
 *    place.
 * 6. The result is parsed again with dicom-parser and the Pixel Data element is compared byte
 *    for byte with the original's; any difference throws (a changed image is never returned).
 *
 * Replacement values of the D action (any value is allowed if it cannot identify the patient,
 * PS3.15 E.1.1 item 2 note 2):
 *   PN, LO, SH, LT, ST, UT, UC, UR, CS, AE -> "ANONYMOUS"    DA -> "19000101"
 *   TM -> "000000"     DT -> "19000101000000"     AS -> "000Y"     DS, IS -> 0
 *   US, SS, UL, SL, FL, FD, SV, UV -> 0     UI -> a UID from the UidMap
 *   OB, OW, UN and other binary VRs -> two zero bytes     SQ -> removed (see profile.ts)
 * The Z action writes a zero-length value for every VR (an empty sequence for SQ).
 *
 * Pure TypeScript with no DOM or Node API: runs in a Web Worker and in Node.
 */
// dcmjs ships no type declarations (src/sample/dcmjs.d.ts declares a subset, which may or may
// not be present); the calls used here are typed by the interfaces below instead.
// @ts-ignore -- possibly untyped module (see above)
import * as dcmjsModule from 'dcmjs';
import { deflateSync, inflateSync } from 'fflate';
import { dicomParser, type DataSet } from '../ingest/dicomParserLib';
import { sniffRawDataSet } from '../ingest/parse';
import { DEFLATED_EXPLICIT_VR_LE, EXPLICIT_VR_BE, EXPLICIT_VR_LE, IMPLICIT_VR_LE } from '../ingest/transferSyntax';
import { ruleFor, type Action, type ProfileRule, type RangeRule } from './profile';
import { sha256, uuidOidFromBytes, type UidMap } from './uid';

// ---------------------------------------------------------------------------------------------
// dcmjs, typed as far as used here

/** One element in dcmjs' "denaturalized" form. Value: strings, numbers, PN objects, item
 *  dicts (SQ) or ArrayBuffers (binary VRs). */
interface DcmElement {
  vr: string;
  Value?: unknown[];
  _rawValue?: unknown;
}
type DcmDict = Record<string, DcmElement>;

interface DcmDicomDict {
  meta: DcmDict;
  dict: DcmDict;
  write(options?: Record<string, unknown>): ArrayBuffer;
}

interface DcmjsData {
  DicomMessage: { readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): DcmDicomDict };
  DicomDict: new (meta: DcmDict) => DcmDicomDict;
}

function dcmjsData(): DcmjsData {
  const ns = dcmjsModule as unknown as { data?: DcmjsData; default?: { data?: DcmjsData } };
  const data = ns.data ?? ns.default?.data;
  if (!data || typeof data.DicomMessage?.readFile !== 'function') {
    throw new Error('dcmjs could not be loaded (no data.DicomMessage)');
  }
  return data;
}

// ---------------------------------------------------------------------------------------------
// Public API

/** Text added to De-identification Method (0012,0063) by default (LO: at most 64 chars). */
export const DEFAULT_METHOD_TEXT = 'DICOM PS3.15 E.1 Basic Profile; coverless-dicom';

/** Implementation Version Name (0002,0013) written in the File Meta Information (SH, <= 16). */
export const IMPLEMENTATION_VERSION_NAME = 'COVERLESS_DEID_1';

/** Implementation Class UID (0002,0012): a fixed "2.25" UID naming this application. */
export const IMPLEMENTATION_CLASS_UID = uuidOidFromBytes(sha256(new TextEncoder().encode('coverless-dicom/deid')));

/** Code of the Basic Application Confidentiality Profile (PS3.16 CID 7050). */
export const BASIC_PROFILE_CODE = {
  value: '113100',
  scheme: 'DCM',
  meaning: 'Basic Application Confidentiality Profile',
} as const;

export type DeidentificationErrorKind = 'not-dicom' | 'unsupported' | 'pixel-data-changed' | 'write-failed';

export class DeidentificationError extends Error {
  constructor(
    readonly kind: DeidentificationErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DeidentificationError';
  }
}

export interface DeidentifyOptions {
  /** Added to De-identification Method (0012,0063); default DEFAULT_METHOD_TEXT. */
  methodText?: string;
}

/** One action applied to one attribute (nested ones included). */
export interface AppliedAction {
  /** Tag as "GGGGEEEE". */
  tag: string;
  /** PS3.6 keyword, or 'private' / 'curve' / 'overlay' for range rules. */
  keyword: string;
  action: Exclude<Action, 'K'>;
  /** True when the attribute sat inside a sequence item. */
  nested: boolean;
}

export interface DeidentifyResult {
  /** The de-identified Part 10 file. */
  bytes: Uint8Array;
  /** Transfer syntax of input and output (they are the same). */
  transferSyntaxUid: string;
  /** Every action applied, in the order applied (File Meta Information first). */
  actions: AppliedAction[];
  /** Byte length of the Pixel Data element copied unchanged (0 when the instance has none). */
  pixelDataElementBytes: number;
  /** Things the profile cannot fix without touching the pixels (e.g. burned-in annotation). */
  warnings: string[];
}

/**
 * De-identify one instance (see file doc). `uidMap` must be shared by all instances of the
 * series so that their UIDs stay consistent. Throws DeidentificationError.
 */
export function deidentifyInstance(bytes: Uint8Array, uidMap: UidMap, options: DeidentifyOptions = {}): Uint8Array {
  return deidentifyInstanceDetailed(bytes, uidMap, options).bytes;
}

/** deidentifyInstance, also reporting what was done. */
export function deidentifyInstanceDetailed(
  bytes: Uint8Array,
  uidMap: UidMap,
  options: DeidentifyOptions = {},
): DeidentifyResult {
  const data = dcmjsData();

  // 1. The original, as dicom-parser sees it: transfer syntax and the Pixel Data element.
  const source = toPart10(bytes, data);
  const original = parseWithDicomParser(source.bytes, source.rawSyntax);
  const transferSyntaxUid = source.rawSyntax ?? readString(original, 'x00020010');
  if (!transferSyntaxUid) throw new DeidentificationError('not-dicom', 'The file has no transfer syntax.');
  const originalPixel = pixelElementRange(original, transferSyntaxUid);

  // 2. The same instance as dcmjs' dictionaries.
  let parsed: DcmDicomDict;
  try {
    parsed = data.DicomMessage.readFile(toArrayBuffer(source.bytes));
  } catch (e) {
    const message = messageOf(e);
    // dcmjs refuses some character sets (e.g. ISO 2022 code extensions, used for Japanese).
    const kind = /character set/i.test(message) ? 'unsupported' : 'not-dicom';
    throw new DeidentificationError(kind, `dcmjs could not read this DICOM file (${message}).`, { cause: e });
  }

  const actions: AppliedAction[] = [];
  const warnings: string[] = [];
  const burnedIn = firstString(parsed.dict['00280301']);
  if (burnedIn !== undefined && burnedIn.trim().toUpperCase() === 'YES') {
    warnings.push(
      'Burned In Annotation (0028,0301) is YES: identifying text may be burned into the pixels, ' +
        'which are copied unchanged.',
    );
  }

  // 3. The profile, on the File Meta Information and on the data set.
  applyProfile(parsed.meta, uidMap, actions, false);
  applyProfile(parsed.dict, uidMap, actions, false);
  addMarkers(parsed.dict, options.methodText ?? DEFAULT_METHOD_TEXT);
  rewriteMeta(parsed.meta, parsed.dict, transferSyntaxUid);

  // 4. Write, with an empty Pixel Data placeholder that is replaced by the original element.
  const pixel = parsed.dict['7FE00010'];
  if (pixel) {
    pixel.Value = isEncapsulatedSyntax(transferSyntaxUid) ? [] : [new ArrayBuffer(0)];
    delete pixel._rawValue;
  }
  if (!!pixel !== !!originalPixel) {
    throw new DeidentificationError('write-failed', 'dcmjs and dicom-parser disagree on whether the file has pixel data.');
  }
  // (The ranges refer to dicom-parser's byte array: the inflated one for a deflated file.)
  const originalElement = originalPixel ? original.byteArray.subarray(originalPixel.start, originalPixel.end) : null;
  const out = writeInstance(data, parsed, transferSyntaxUid, originalElement);

  // 5. Verify: the Pixel Data element of the output equals the original's, byte for byte.
  verifyOutput(out, transferSyntaxUid, originalElement);

  return {
    bytes: out,
    transferSyntaxUid,
    actions,
    pixelDataElementBytes: originalPixel ? originalPixel.end - originalPixel.start : 0,
    warnings,
  };
}

/**
 * Throws DeidentificationError('pixel-data-changed') unless both files hold the same Pixel
 * Data element, byte for byte (tag, VR, length and value; both without pixel data also
 * passes). Either file may be a Part 10 file or a bare data set, deflated or not.
 */
export function assertSamePixelData(original: Uint8Array, output: Uint8Array): void {
  const a = pixelElementOf(original);
  const b = pixelElementOf(output);
  if (!!a !== !!b || (a && b && !bytesEqual(a, b))) {
    throw new DeidentificationError('pixel-data-changed', 'The two files do not hold the same pixel data.');
  }
}

function pixelElementOf(bytes: Uint8Array): Uint8Array | null {
  const rawSyntax = hasDicmPrefix(bytes) ? null : sniffRawDataSet(bytes);
  if (!hasDicmPrefix(bytes) && rawSyntax === null) {
    throw new DeidentificationError('not-dicom', 'This file is not a DICOM file.');
  }
  const ds = parseWithDicomParser(bytes, rawSyntax);
  const range = pixelElementRange(ds, rawSyntax ?? readString(ds, 'x00020010'));
  return range ? ds.byteArray.subarray(range.start, range.end) : null;
}

// ---------------------------------------------------------------------------------------------
// Input handling

interface SourceFile {
  /** A Part 10 file (preamble, "DICM", File Meta Information, data set). */
  bytes: Uint8Array;
  /** Transfer syntax sniffed from a bare data set (the input had no Part 10 header). */
  rawSyntax: string | null;
}

function hasDicmPrefix(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

/**
 * The input as a Part 10 file. A bare data set (no preamble, as some older systems write; the
 * ingest stage accepts those) gets a minimal File Meta Information naming its transfer syntax,
 * so that dcmjs can read it; the output is always a Part 10 file.
 */
function toPart10(bytes: Uint8Array, data: DcmjsData): SourceFile {
  if (hasDicmPrefix(bytes)) return { bytes, rawSyntax: null };
  const syntax = sniffRawDataSet(bytes);
  if (syntax === null) throw new DeidentificationError('not-dicom', 'This file is not a DICOM file.');
  const meta = new Uint8Array(
    new data.DicomDict({ '00020010': { vr: 'UI', Value: [syntax] } }).write(),
  );
  return { bytes: concat([meta, bytes]), rawSyntax: syntax };
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && 'exception' in e) return String((e as { exception: unknown }).exception);
  return String(e);
}

/** dicom-parser's inflater callback, with fflate (returns the whole, inflated byte array). */
function inflater(array: Uint8Array, position: number): Uint8Array {
  const inflated = inflateSync(array.subarray(position));
  const full = new Uint8Array(position + inflated.length);
  full.set(array.subarray(0, position), 0);
  full.set(inflated, position);
  return full;
}

function parseWithDicomParser(bytes: Uint8Array, rawSyntax: string | null): DataSet {
  try {
    return dicomParser.parseDicom(bytes, {
      ...(rawSyntax ? { TransferSyntaxUID: rawSyntax } : {}),
      // dicom-parser's typings say void, but the callback must return the full byte array.
      inflater: inflater as unknown as (arr: Uint8Array, position: number) => void,
    });
  } catch (e) {
    throw new DeidentificationError('not-dicom', `This DICOM file cannot be read (${messageOf(e)}).`, { cause: e });
  }
}

function readString(ds: DataSet, tag: string): string {
  return (ds.string(tag) ?? '').replace(/\0/g, '').trim();
}

function isEncapsulatedSyntax(ts: string): boolean {
  return ts !== IMPLICIT_VR_LE && ts !== EXPLICIT_VR_LE && ts !== DEFLATED_EXPLICIT_VR_LE && ts !== EXPLICIT_VR_BE;
}

/** VRs whose explicit-VR header has a reserved word and a 32-bit length (PS3.5 7.1.2). */
const LONG_HEADER_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

interface ElementRange {
  /** Offset of the element's tag in the DataSet's byte array. */
  start: number;
  /** Offset just past its value (past the Sequence Delimitation Item for encapsulated data). */
  end: number;
}

/** Byte range of the whole Pixel Data (7FE0,0010) element (header and value), or null. */
function pixelElementRange(ds: DataSet, ts: string): ElementRange | null {
  const el = ds.elements.x7fe00010;
  if (!el) return null;
  const implicit = ts === IMPLICIT_VR_LE;
  const headerLength = implicit ? 8 : LONG_HEADER_VRS.has(el.vr ?? 'OW') ? 12 : 8;
  const start = el.dataOffset - headerLength;
  const end = el.dataOffset + el.length;
  if (start < 0 || end > ds.byteArray.length || el.length === 0xffffffff) {
    throw new DeidentificationError('not-dicom', 'The Pixel Data element of this file is damaged or truncated.');
  }
  return { start, end };
}

// ---------------------------------------------------------------------------------------------
// The profile

/** Replacement value of the D action for a VR (see file doc); null: write two zero bytes. */
function dummyValue(vr: string): unknown[] | null {
  switch (vr) {
    case 'PN':
      return [{ Alphabetic: 'ANONYMOUS' }];
    case 'LO':
    case 'SH':
    case 'LT':
    case 'ST':
    case 'UT':
    case 'UC':
    case 'UR':
    case 'CS':
    case 'AE':
      return ['ANONYMOUS'];
    case 'DA':
      return ['19000101'];
    case 'TM':
      return ['000000'];
    case 'DT':
      return ['19000101000000'];
    case 'AS':
      return ['000Y'];
    case 'DS':
    case 'IS':
    case 'US':
    case 'SS':
    case 'UL':
    case 'SL':
    case 'FL':
    case 'FD':
    case 'SV':
    case 'UV':
      return [0];
    default:
      return null;
  }
}

const BINARY_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);

function firstString(el: DcmElement | undefined): string | undefined {
  const v = el?.Value?.[0];
  return typeof v === 'string' ? v : undefined;
}

/** Text of a value that dcmjs may have left as bytes (UN): ASCII, NUL/space padding dropped. */
function asUidStrings(el: DcmElement): string[] {
  const values = el.Value ?? [];
  const out: string[] = [];
  for (const v of values) {
    if (typeof v === 'string') out.push(...v.split('\\'));
    else if (v instanceof ArrayBuffer) out.push(...new TextDecoder('latin1').decode(v).split('\\'));
    else if (v !== undefined && v !== null) out.push(String(v));
  }
  return out.map((s) => s.replace(/[\0 ]+$/g, '').trim());
}

function replaceUids(el: DcmElement, uidMap: UidMap): void {
  el.Value = asUidStrings(el).map((uid) => (uid === '' ? uid : uidMap.map(uid)));
  el.vr = 'UI';
  delete el._rawValue;
}

function keywordOf(rule: ProfileRule | RangeRule): string {
  return 'range' in rule ? rule.range : rule.keyword;
}

/**
 * Apply the profile to one data set (the File Meta Information, the main data set or a
 * sequence item), recursing into kept sequences.
 */
function applyProfile(dict: DcmDict, uidMap: UidMap, actions: AppliedAction[], nested: boolean): void {
  for (const tag of Object.keys(dict)) {
    const el = dict[tag];
    // Group Length (gggg,0000) outside the File Meta Information: retired (PS3.5 7.2) and
    // wrong once attributes are removed; dcmjs recomputes (0002,0000) itself.
    if (tag.endsWith('0000')) {
      delete dict[tag];
      continue;
    }
    const rule = ruleFor(tag);
    let action: Action = rule ? rule.action : 'K';
    // D on a sequence has no meaningful dummy: remove it (see profile.ts).
    if (action === 'D' && el.vr === 'SQ') action = 'X';
    if (action !== 'K' && rule) actions.push({ tag, keyword: keywordOf(rule), action, nested });
    switch (action) {
      case 'X':
        delete dict[tag];
        break;
      case 'Z':
        el.Value = el.vr === 'SQ' || !BINARY_VRS.has(el.vr) ? [] : [new ArrayBuffer(0)];
        delete el._rawValue;
        break;
      case 'D': {
        if (el.vr === 'UI') {
          replaceUids(el, uidMap);
          if ((el.Value ?? []).every((v) => v === '')) el.Value = [uidMap.map(`dummy:${tag}`)];
        } else {
          el.Value = dummyValue(el.vr) ?? [new ArrayBuffer(2)];
          delete el._rawValue;
        }
        break;
      }
      case 'U':
        replaceUids(el, uidMap);
        break;
      case 'K':
        if (el.vr === 'SQ') {
          for (const item of el.Value ?? []) {
            if (item && typeof item === 'object') applyProfile(item as DcmDict, uidMap, actions, true);
          }
        }
        break;
    }
  }
}

function stringElement(vr: string, values: string[]): DcmElement {
  return { vr, Value: values };
}

/** PS3.15 E.1.1 item 6 and E.2 markers (existing method texts and codes are kept). */
function addMarkers(dict: DcmDict, methodText: string): void {
  dict['00120062'] = stringElement('CS', ['YES']);

  const text = methodText.slice(0, 64); // LO: at most 64 characters per value
  const methods = (dict['00120063']?.Value ?? []).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  if (!methods.includes(text)) methods.push(text);
  dict['00120063'] = stringElement('LO', methods);

  const items = ((dict['00120064']?.Value ?? []) as DcmDict[]).filter((item) => item && typeof item === 'object');
  const hasBasic = items.some(
    (item) => firstString(item['00080100'])?.trim() === BASIC_PROFILE_CODE.value && firstString(item['00080102'])?.trim() === BASIC_PROFILE_CODE.scheme,
  );
  if (!hasBasic) {
    items.unshift({
      '00080100': stringElement('SH', [BASIC_PROFILE_CODE.value]),
      '00080102': stringElement('SH', [BASIC_PROFILE_CODE.scheme]),
      '00080104': stringElement('LO', [BASIC_PROFILE_CODE.meaning]),
    });
  }
  dict['00120064'] = { vr: 'SQ', Value: items };

  dict['00280303'] = stringElement('CS', ['REMOVED']);
}

/** File Meta Information of the de-identified file (PS3.10 7.1, PS3.15 E.1.1 item 7). */
function rewriteMeta(meta: DcmDict, dict: DcmDict, transferSyntaxUid: string): void {
  const sopClass = firstString(dict['00080016']);
  const sopInstance = firstString(dict['00080018']);
  meta['00020001'] = { vr: 'OB', Value: [new Uint8Array([0x00, 0x01]).buffer] };
  if (sopClass) meta['00020002'] = stringElement('UI', [sopClass]);
  if (sopInstance) meta['00020003'] = stringElement('UI', [sopInstance]);
  meta['00020010'] = stringElement('UI', [transferSyntaxUid]);
  meta['00020012'] = stringElement('UI', [IMPLEMENTATION_CLASS_UID]);
  meta['00020013'] = stringElement('SH', [IMPLEMENTATION_VERSION_NAME]);
  // dcmjs recomputes the group length.
  delete meta['00020000'];
}

// ---------------------------------------------------------------------------------------------
// Writing and verification

/** Offset of the data set in a Part 10 file written by dcmjs (preamble, DICM, meta group). */
function dataSetOffset(file: Uint8Array): number {
  // (0002,0000) UL, explicit VR LE: tag 4 + VR 2 + length 2 + value 4 bytes, right after DICM.
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (view.getUint16(132, true) !== 0x0002 || view.getUint16(134, true) !== 0x0000) {
    throw new DeidentificationError('write-failed', 'dcmjs wrote no File Meta Information Group Length.');
  }
  return 132 + 12 + view.getUint32(140, true);
}

function writeInstance(
  data: DcmjsData,
  parsed: DcmDicomDict,
  transferSyntaxUid: string,
  pixelElement: Uint8Array | null,
): Uint8Array {
  const deflated = transferSyntaxUid === DEFLATED_EXPLICIT_VR_LE;
  // dcmjs cannot deflate: write explicit VR little endian, deflate the data set below.
  const writeSyntax = deflated ? EXPLICIT_VR_LE : transferSyntaxUid;
  const writeMeta: DcmDict = { ...parsed.meta, '00020010': stringElement('UI', [writeSyntax]) };
  let written: Uint8Array;
  try {
    const dicomDict = new data.DicomDict(writeMeta);
    dicomDict.dict = parsed.dict;
    written = new Uint8Array(dicomDict.write());
  } catch (e) {
    throw new DeidentificationError('write-failed', `dcmjs could not write the de-identified file (${messageOf(e)}).`, {
      cause: e,
    });
  }

  if (pixelElement) {
    const ds = parseWithDicomParser(written, null);
    const placeholder = pixelElementRange(ds, writeSyntax);
    if (!placeholder) throw new DeidentificationError('write-failed', 'The written file has no Pixel Data element.');
    written = concat([written.subarray(0, placeholder.start), pixelElement, written.subarray(placeholder.end)]);
  }
  if (!deflated) return written;

  // Deflated Explicit VR Little Endian (PS3.5 A.5): File Meta Information as usual, the data set
  // raw-DEFLATE compressed (RFC 1951, no zlib header), as src/sample/writeDicom.ts writes it.
  let metaOnly: Uint8Array;
  try {
    metaOnly = new Uint8Array(new data.DicomDict({ ...parsed.meta }).write());
  } catch (e) {
    throw new DeidentificationError('write-failed', `dcmjs could not write the File Meta Information (${messageOf(e)}).`, {
      cause: e,
    });
  }
  const body = written.subarray(dataSetOffset(written));
  const head = metaOnly.subarray(0, dataSetOffset(metaOnly));
  const deflatedBody = deflateSync(body, { level: 6 });
  // One trailing NUL keeps the file even-length; inflaters stop at the final DEFLATE block.
  const padding = new Uint8Array((head.length + deflatedBody.length) & 1);
  return concat([head, deflatedBody, padding]);
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Parse the output again (dicom-parser, independent of dcmjs) and check that the Pixel Data
 * element equals the original's byte for byte and that the output says it is de-identified.
 */
function verifyOutput(out: Uint8Array, transferSyntaxUid: string, originalPixel: Uint8Array | null): void {
  const ds = parseWithDicomParser(out, null);
  const ts = readString(ds, 'x00020010');
  if (ts !== transferSyntaxUid) {
    throw new DeidentificationError('write-failed', `The de-identified file has transfer syntax ${ts}, not ${transferSyntaxUid}.`);
  }
  const range = pixelElementRange(ds, ts);
  if (!!range !== !!originalPixel) {
    throw new DeidentificationError('pixel-data-changed', 'The de-identified file lost or gained its Pixel Data element.');
  }
  if (range && originalPixel && !bytesEqual(ds.byteArray.subarray(range.start, range.end), originalPixel)) {
    throw new DeidentificationError(
      'pixel-data-changed',
      'The pixel data of the de-identified file differs from the original; the file was not written.',
    );
  }
  if (readString(ds, 'x00120062') !== 'YES') {
    throw new DeidentificationError('write-failed', 'The de-identified file lacks Patient Identity Removed = YES.');
  }
  // dicom-parser 1.8 parses a deflated file from byte 0 and reports the preamble and "DICM" as
  // elements; only elements after the File Meta Information are the data set's.
  const dataSetStart = dataSetOffset(out);
  for (const tag of Object.keys(ds.elements)) {
    if (ds.elements[tag].dataOffset < dataSetStart) continue;
    if ((parseInt(tag.slice(1, 5), 16) & 1) === 1) {
      throw new DeidentificationError('write-failed', `The de-identified file still holds private element ${tag}.`);
    }
  }
}
