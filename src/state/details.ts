/**
 * The patient details the form shows, pre-filled from the DICOM header, and the
 * free text they compose into (protocol v1 hides free text).
 */
import type { DicomHeader } from '../ingest/types';
import type { PatientRecord } from '../protocol/v2/record';

export interface PatientDetails {
  name: string;
  id: string;
  birthDate: string;
  sex: string;
  institution: string;
  /** A short clinical note (not in the DICOM header; typed by the sender). */
  note: string;
}

/** DICOM PN "Family^Given^Middle^Prefix^Suffix" → "Given Middle Family". */
export function personNameForDisplay(pn: string): string {
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = pn.split('=')[0].split('^');
  return [prefix, given, middle, family, suffix].map((p) => p.trim()).filter(Boolean).join(' ');
}

/** DICOM DA "YYYYMMDD" → "YYYY-MM-DD" (other values pass through). */
export function dateForDisplay(da: string): string {
  return /^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : da;
}

export function detailsFromHeader(header: DicomHeader): PatientDetails {
  return {
    name: personNameForDisplay(header.patientName),
    id: header.patientId,
    birthDate: header.patientBirthDate ? dateForDisplay(header.patientBirthDate) : header.patientAge,
    sex: header.patientSex,
    institution: header.institutionName,
    note: '',
  };
}

/** The fields joined as one line, the filled ones only, in a fixed order. */
export function composeDetailsText(d: PatientDetails): string {
  const parts: string[] = [];
  if (d.name) parts.push(d.name);
  if (d.id) parts.push(`ID ${d.id}`);
  if (d.birthDate) parts.push(`born ${d.birthDate}`);
  if (d.sex) parts.push(`sex ${d.sex}`);
  if (d.institution) parts.push(d.institution);
  if (d.note) parts.push(d.note);
  return parts.join('; ');
}

/**
 * The detail fields, in display order, with their labels (the same in the Hide form and
 * the recovered view) and their names in the form state and in the v2 record.
 */
export const DETAIL_FIELDS: readonly { key: keyof PatientDetails; recordKey: keyof PatientRecord; label: string }[] = [
  { key: 'name', recordKey: 'name', label: 'Patient name' },
  { key: 'id', recordKey: 'patientId', label: 'Patient ID' },
  { key: 'birthDate', recordKey: 'birthDate', label: 'Birth date' },
  { key: 'sex', recordKey: 'sex', label: 'Sex' },
  { key: 'institution', recordKey: 'institution', label: 'Institution' },
  { key: 'note', recordKey: 'note', label: 'Clinical note' },
];

/** The form's fields plus the free text, as the one record protocol v2 carries. */
export function recordFromDetails(d: PatientDetails, text: string): PatientRecord {
  return { name: d.name, patientId: d.id, birthDate: d.birthDate, sex: d.sex, institution: d.institution, note: d.note, text };
}
