/**
 * The patient record of protocol v2: the structured details travel as one record and
 * come back as the same fields, in any language (issue "robust and private by design",
 * goal c; NOTES section 1: name, ID, birth date or age, sex, institution, a short note).
 *
 * Why a compact binary form and not JSON: every byte of the record costs rows of the
 * series (2 symbols of 4 bits per byte, each carried by `copies` rows, payload.ts), so
 * the record must be small. Layout, version 1:
 *
 *   byte 0          RECORD_VERSION (0x01)
 *   then 7 times    varint(length in bytes) ‖ UTF-8 bytes
 *                   in the order name, patientId, birthDate, sex, institution, note, text
 *
 * Varints are unsigned LEB128 (bytes.ts). Overhead: 8 bytes for a record of short fields
 * (1 version byte + 7 one-byte lengths); a 60-character ASCII record is 68 bytes.
 *
 * Decoding is strict (every rule below has its own message): a version this page does
 * not know, a truncated field, a non-minimal length, invalid UTF-8 (no U+FFFD repair)
 * and trailing bytes are all refused, so that one byte string means exactly one record.
 * Strings are kept exactly (no Unicode normalisation): what the sender typed is what the
 * receiver sees.
 */
import { utf8Decode, utf8Encode } from '../base62';
import { ByteFormatError, ByteReader, writeVarint } from './bytes';

export interface PatientRecord {
  name: string;
  patientId: string;
  birthDate: string;
  sex: string;
  institution: string;
  note: string;
  text: string;
}

/** Field order of the binary form (and of every listing). */
export const RECORD_FIELDS = ['name', 'patientId', 'birthDate', 'sex', 'institution', 'note', 'text'] as const satisfies readonly (keyof PatientRecord)[];

export const RECORD_VERSION = 1;

/** Largest encoded record (bytes). Far above what a series can carry; a bound against damage. */
export const MAX_RECORD_BYTES = 65_535;

export type RecordErrorCode = 'invalid-field' | 'too-large' | 'unknown-version' | 'truncated' | 'bad-length' | 'bad-utf8' | 'trailing-bytes';

export class RecordError extends Error {
  constructor(
    readonly code: RecordErrorCode,
    message: string,
    /** The record field concerned, where there is one. */
    readonly field?: keyof PatientRecord,
  ) {
    super(message);
    this.name = 'RecordError';
  }
}

/** A record with every field empty (for forms). */
export function emptyRecord(): PatientRecord {
  return { name: '', patientId: '', birthDate: '', sex: '', institution: '', note: '', text: '' };
}

/** Record -> bytes. Throws RecordError for a missing/non-string field or text that is not valid Unicode. */
export function encodeRecord(record: PatientRecord): Uint8Array {
  const out: number[] = [RECORD_VERSION];
  for (const field of RECORD_FIELDS) {
    const value: unknown = (record as unknown as Record<string, unknown>)?.[field];
    if (typeof value !== 'string') {
      throw new RecordError('invalid-field', `The record's field '${field}' must be text, but it is ${value === undefined ? 'missing' : typeof value}.`, field);
    }
    let bytes: Uint8Array;
    try {
      bytes = utf8Encode(value);
    } catch (e) {
      throw new RecordError('invalid-field', `The record's field '${field}' is not valid Unicode: ${e instanceof Error ? e.message : String(e)}`, field);
    }
    writeVarint(out, bytes.length);
    for (const b of bytes) out.push(b);
  }
  if (out.length > MAX_RECORD_BYTES) {
    throw new RecordError('too-large', `The record is ${out.length} bytes long; at most ${MAX_RECORD_BYTES} are allowed.`);
  }
  return Uint8Array.from(out);
}

/** Bytes -> record. Throws RecordError (with a code and a sentence) for anything but an exact encodeRecord output. */
export function decodeRecord(bytes: Uint8Array): PatientRecord {
  if (!(bytes instanceof Uint8Array)) throw new RecordError('truncated', 'The record is not a byte string.');
  if (bytes.length === 0) throw new RecordError('truncated', 'The record is empty.');
  if (bytes.length > MAX_RECORD_BYTES) throw new RecordError('too-large', `The record is ${bytes.length} bytes long; at most ${MAX_RECORD_BYTES} are allowed.`);
  const reader = new ByteReader(bytes, 'The record');
  const version = reader.u8();
  if (version !== RECORD_VERSION) {
    throw new RecordError('unknown-version', `The record has format version ${version}; this page reads version ${RECORD_VERSION} only.`);
  }
  const out = emptyRecord();
  for (const field of RECORD_FIELDS) {
    let len: number;
    let raw: Uint8Array;
    try {
      len = reader.varint();
    } catch (e) {
      const code: RecordErrorCode = reader.remaining === 0 ? 'truncated' : 'bad-length';
      throw new RecordError(code, `The record's field '${field}' has no valid length: ${(e as ByteFormatError).message}`, field);
    }
    try {
      raw = reader.take(len);
    } catch {
      throw new RecordError('truncated', `The record's field '${field}' announces ${len} bytes but only ${reader.remaining} remain.`, field);
    }
    try {
      out[field] = utf8Decode(raw);
    } catch {
      throw new RecordError('bad-utf8', `The record's field '${field}' is not valid UTF-8 text.`, field);
    }
  }
  if (reader.remaining !== 0) {
    throw new RecordError('trailing-bytes', `The record has ${reader.remaining} unexpected bytes after its last field.`);
  }
  return out;
}
