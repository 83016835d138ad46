import { describe, expect, it } from 'vitest';
import { decodeRecord, emptyRecord, encodeRecord, type PatientRecord, RECORD_FIELDS, RecordError } from '../../../../src/protocol/v2/record';

const zoe: PatientRecord = {
  name: 'Zoë Ångström 李小龙',
  patientId: 'PAT-0042',
  birthDate: '1961-07-04',
  sex: 'F',
  institution: 'Hôpital Saint-Louis, Paris',
  note: '',
  text: 'CTA follow-up 🫀, ℞ β-blocker',
};

function errorOf(f: () => unknown): RecordError {
  try {
    f();
  } catch (e) {
    if (e instanceof RecordError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('patient record: binary form', () => {
  it('round-trips any Unicode, empty fields included', () => {
    expect(decodeRecord(encodeRecord(zoe))).toEqual(zoe);
    expect(decodeRecord(encodeRecord(emptyRecord()))).toEqual(emptyRecord());
    const combining = { ...emptyRecord(), name: 'Zoe\u0308' }; // not normalised: kept exactly
    expect(decodeRecord(encodeRecord(combining)).name).toBe('Zoe\u0308');
    const nul = { ...emptyRecord(), note: '\u0000a\u0000' };
    expect(decodeRecord(encodeRecord(nul))).toEqual(nul);
  });

  it('has the documented layout (hand-checked)', () => {
    expect([...encodeRecord(emptyRecord())]).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect([...encodeRecord({ ...emptyRecord(), name: 'A', sex: 'M' })]).toEqual([1, 1, 0x41, 0, 0, 1, 0x4d, 0, 0, 0]);
    // 'ë' is C3 AB in UTF-8.
    expect([...encodeRecord({ ...emptyRecord(), note: 'ë' })]).toEqual([1, 0, 0, 0, 0, 0, 2, 0xc3, 0xab, 0]);
    // 200 bytes: varint C8 01.
    const long = encodeRecord({ ...emptyRecord(), text: 'x'.repeat(200) });
    expect([...long.subarray(0, 9)]).toEqual([1, 0, 0, 0, 0, 0, 0, 0xc8, 0x01]);
    expect(long.length).toBe(209);
    expect(RECORD_FIELDS).toEqual(['name', 'patientId', 'birthDate', 'sex', 'institution', 'note', 'text']);
  });

  it('costs 8 bytes over the UTF-8 text for short fields', () => {
    const sixty = { ...emptyRecord(), name: 'John Smith', patientId: '12345678', birthDate: '1970-01-01', sex: 'M', institution: 'General Hospital', note: 'CT chest', text: 'ok!' };
    const chars = RECORD_FIELDS.reduce((n, f) => n + sixty[f].length, 0);
    expect(chars).toBe(56);
    expect(encodeRecord(sixty).length).toBe(chars + 8);
  });

  it('refuses invalid records with the field named', () => {
    const e1 = errorOf(() => encodeRecord({ ...zoe, name: 'a\uD800b' }));
    expect(e1).toMatchObject({ code: 'invalid-field', field: 'name' });
    expect(e1.message).toContain('unpaired surrogate');
    const e2 = errorOf(() => encodeRecord({ ...zoe, sex: 3 as unknown as string }));
    expect(e2).toMatchObject({ code: 'invalid-field', field: 'sex' });
    const partial = { ...zoe } as Partial<PatientRecord>;
    delete partial.note;
    expect(errorOf(() => encodeRecord(partial as PatientRecord))).toMatchObject({ code: 'invalid-field', field: 'note' });
    expect(errorOf(() => encodeRecord({ ...zoe, text: 'x'.repeat(70_000) }))).toMatchObject({ code: 'too-large' });
  });

  it('decodes strictly', () => {
    const good = encodeRecord({ ...emptyRecord(), name: 'A' });
    expect(errorOf(() => decodeRecord(new Uint8Array(0)))).toMatchObject({ code: 'truncated' });
    expect(errorOf(() => decodeRecord(Uint8Array.of(2, 0, 0, 0, 0, 0, 0, 0)))).toMatchObject({ code: 'unknown-version' });
    expect(errorOf(() => decodeRecord(good.subarray(0, 5)))).toMatchObject({ code: 'truncated', field: 'sex' }) // [1, 1, 'A', 0, 0]: sex is missing;
    expect(errorOf(() => decodeRecord(Uint8Array.of(1, 5, 0x41)))).toMatchObject({ code: 'truncated', field: 'name' });
    expect(errorOf(() => decodeRecord(Uint8Array.of(...good, 0)))).toMatchObject({ code: 'trailing-bytes' });
    // Overlong varint 0x81 0x00 (= 1) is refused: one record, one byte string.
    expect(errorOf(() => decodeRecord(Uint8Array.of(1, 0x81, 0x00, 0x41, 0, 0, 0, 0, 0, 0)))).toMatchObject({ code: 'bad-length', field: 'name' });
    // 0xC3 0x28 is not UTF-8.
    expect(errorOf(() => decodeRecord(Uint8Array.of(1, 2, 0xc3, 0x28, 0, 0, 0, 0, 0, 0)))).toMatchObject({ code: 'bad-utf8', field: 'name' });
    const e = errorOf(() => decodeRecord(Uint8Array.of(9)));
    expect(e.message).toBe('The record has format version 9; this page reads version 1 only.');
  });
});
