/**
 * The action table of the Basic Application Level Confidentiality Profile (PS3.15 Table E.1-1).
 */
import dcmjs from 'dcmjs';
import { describe, expect, it } from 'vitest';
import {
  BASIC_PROFILE,
  isPrivateTag,
  resolveAction,
  ruleFor,
  rulesWithAction,
  type BasicAction,
} from '../../../src/deid/profile';

/** Rows the team asked for by name, with their Basic Profile action in Table E.1-1. */
const REQUIRED: Record<string, BasicAction> = {
  PatientName: 'Z',
  PatientID: 'Z',
  PatientBirthDate: 'Z',
  PatientSex: 'Z',
  PatientAge: 'X',
  OtherPatientIDs: 'X',
  OtherPatientNames: 'X',
  PatientAddress: 'X',
  PatientTelephoneNumbers: 'X',
  InstitutionName: 'X/Z/D',
  InstitutionAddress: 'X',
  ReferringPhysicianName: 'Z',
  PerformingPhysicianName: 'X',
  OperatorsName: 'X/Z/D',
  PhysiciansOfRecord: 'X',
  NameOfPhysiciansReadingStudy: 'X',
  StationName: 'X/Z/D',
  AccessionNumber: 'Z',
  StudyID: 'Z',
  StudyDate: 'Z',
  StudyTime: 'Z',
  ContentDate: 'Z/D',
  ContentTime: 'Z/D',
  AcquisitionDateTime: 'X/Z/D',
  DeviceSerialNumber: 'X/Z/D',
  InstitutionalDepartmentName: 'X',
  RequestingPhysician: 'X',
  StudyInstanceUID: 'U',
  SeriesInstanceUID: 'U',
  SOPInstanceUID: 'U',
  FrameOfReferenceUID: 'U',
  MediaStorageSOPInstanceUID: 'U',
  PatientComments: 'X',
  AdditionalPatientHistory: 'X',
};

const byKeyword = new Map([...BASIC_PROFILE.values()].map((r) => [r.keyword, r]));

describe('BASIC_PROFILE (PS3.15 Table E.1-1, Basic Profile column)', () => {
  it('has the rows asked for, with the table action', () => {
    for (const [keyword, basic] of Object.entries(REQUIRED)) {
      const rule = byKeyword.get(keyword);
      expect(rule, keyword).toBeDefined();
      expect(rule!.basic, keyword).toBe(basic);
      expect(rule!.source, keyword).toBe('table');
    }
  });

  it('is keyed by upper-case GGGGEEEE tags whose keyword and VR agree with the dcmjs dictionary (PS3.6)', () => {
    const dictionary = (
      dcmjs.data as unknown as { DicomMetaDictionary: { dictionary: Record<string, { name: string; vr: string }> } }
    ).DicomMetaDictionary.dictionary;
    expect(BASIC_PROFILE.size).toBeGreaterThan(500);
    for (const [tag, rule] of BASIC_PROFILE) {
      expect(tag).toMatch(/^[0-9A-F]{8}$/);
      expect(rule.tag).toBe(tag);
      const entry = dictionary[`(${tag.slice(0, 4)},${tag.slice(4)})`];
      expect(entry, tag).toBeDefined();
      expect(entry.name.replace(/^RETIRED_/, ''), tag).toBe(rule.keyword);
      expect(entry.vr, tag).toBe(rule.vr);
    }
  });

  it('resolves compound actions to the stronger one (X before Z or D, Z before D)', () => {
    expect(resolveAction('X/Z')).toBe('X');
    expect(resolveAction('X/D')).toBe('X');
    expect(resolveAction('X/Z/D')).toBe('X');
    expect(resolveAction('X/Z/U*')).toBe('X');
    expect(resolveAction('Z/D')).toBe('Z');
    for (const a of ['D', 'Z', 'X', 'K', 'U'] as const) expect(resolveAction(a)).toBe(a);
    for (const rule of BASIC_PROFILE.values()) expect(rule.action).toBe(resolveAction(rule.basic));
  });

  it('replaces every instance UID that identifies the study, series, instance or frame of reference', () => {
    const uids = rulesWithAction('U').map((r) => r.keyword);
    for (const k of ['StudyInstanceUID', 'SeriesInstanceUID', 'SOPInstanceUID', 'FrameOfReferenceUID', 'ReferencedSOPInstanceUID']) {
      expect(uids).toContain(k);
    }
    // Class and syntax UIDs say nothing about the patient and are kept.
    expect(ruleFor('00080016')).toBeNull(); // SOP Class UID
    expect(ruleFor('00020010')).toBeNull(); // Transfer Syntax UID
  });

  it('keeps the attributes the images need', () => {
    for (const tag of ['7FE00010', '00280010', '00280011', '00280100', '00200032', '00200037', '00280030', '00080060']) {
      expect(ruleFor(tag), tag).toBeNull();
    }
  });
});

describe('ruleFor range rules', () => {
  it('removes every private attribute (odd group), including private creators', () => {
    expect(isPrivateTag('00091001')).toBe(true);
    expect(isPrivateTag('00290010')).toBe(true);
    expect(isPrivateTag('7FE10010')).toBe(true);
    expect(isPrivateTag('00100010')).toBe(false);
    expect(ruleFor('00091001')).toEqual({ range: 'private', action: 'X' });
    expect(ruleFor('00190010')).toEqual({ range: 'private', action: 'X' });
    expect(ruleFor('0029abcd')).toEqual({ range: 'private', action: 'X' });
  });

  it('removes curves (50xx) and overlays (60xx) but not neighbouring groups', () => {
    expect(ruleFor('50000005')).toEqual({ range: 'curve', action: 'X' });
    expect(ruleFor('501E3000')).toEqual({ range: 'curve', action: 'X' });
    expect(ruleFor('60003000')).toEqual({ range: 'overlay', action: 'X' });
    expect(ruleFor('60024000')).toEqual({ range: 'overlay', action: 'X' });
    expect(ruleFor('60000010')).toEqual({ range: 'overlay', action: 'X' });
    expect(ruleFor('60200010')).toBeNull();
    expect(ruleFor('50200010')).toBeNull();
  });

  it('accepts lower-case tags', () => {
    expect(ruleFor('0008103e')).toMatchObject({ keyword: 'SeriesDescription', action: 'X' });
  });
});
