/**
 * The patient details the form shows, pre-filled from the DICOM header, and the
 * free text they compose into (protocol v1 hides free text).
 */
import type { DicomHeader } from '../ingest/types';

export interface PatientDetails {
  name: string;
  id: string;
  birthDate: string;
  sex: string;
  institution: string;
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
  return parts.join('; ');
}
