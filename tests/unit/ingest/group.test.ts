/** Grouping of a mixed drop into studies and series, and the viewer's spatial slice order. */
import { describe, expect, it } from 'vitest';
import { compareFileNames, groupSeries, sliceNormal, sortSlicesSpatially, type IngestItem } from '../../../src/ingest/group';
import { parseDicom } from '../../../src/ingest/parse';
import type { DicomHeader } from '../../../src/ingest/types';
import { makePhantomSeries } from '../../../src/sample/phantom';
import { phantomToDicomFiles, type PhantomDicomOptions } from '../../../src/sample/phantomDicom';
import { createRng } from '../../../src/util/random';

function header(over: Partial<DicomHeader>): DicomHeader {
  return {
    transferSyntaxUid: '1.2.840.10008.1.2.1',
    sopInstanceUid: '',
    studyInstanceUid: '1.1',
    seriesInstanceUid: '1.2',
    instanceNumber: null,
    imagePosition: null,
    patientName: 'Doe^Jane',
    patientId: 'P1',
    patientBirthDate: '',
    patientAge: '',
    patientSex: '',
    institutionName: '',
    studyDate: '20200101',
    studyDescription: '',
    seriesDescription: '',
    modality: 'CT',
    rows: 4,
    columns: 4,
    bitsAllocated: 16,
    bitsStored: 16,
    pixelRepresentation: 0,
    samplesPerPixel: 1,
    photometricInterpretation: 'MONOCHROME2',
    rescaleSlope: 1,
    rescaleIntercept: 0,
    windowCenter: null,
    windowWidth: null,
    numberOfFrames: 1,
    ...over,
  };
}

function shuffled<T>(items: T[], seed: number): T[] {
  const rng = createRng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('groupSeries on real files', () => {
  const patientA = { name: 'Doe^Jane', id: 'A-1', birthDate: '19700101', sex: 'F', age: '050Y' };
  const patientB = { name: 'Roe^Richard', id: 'B-2', birthDate: '19600101', sex: 'M', age: '060Y' };
  const files = (o: PhantomDicomOptions, slices: number, modality: 'CT' | 'MR', prefix: string) =>
    phantomToDicomFiles(makePhantomSeries({ slices, size: 32, seed: o.seed, modality, annotations: false }), {
      ...o,
      fileName: (i) => `${prefix}/${i + 1}.dcm`,
    });
  const all = [
    ...files({ seed: 1, patient: patientA, institutionName: 'X', seriesNumber: 1, seriesDescription: 'CT head', studyDate: '20200301' }, 6, 'CT', 'a'),
    ...files({ seed: 1, patient: patientA, institutionName: 'X', seriesNumber: 2, seriesDescription: 'MR T1', studyDate: '20200301' }, 4, 'MR', 'b'),
    ...files({ seed: 2, patient: patientB, institutionName: 'Y', seriesNumber: 1, seriesDescription: 'CT other', studyDate: '20190101' }, 3, 'CT', 'c'),
  ];
  const items: IngestItem[] = shuffled(all, 9).map((f) => ({ fileName: f.name, header: parseDicom(f.bytes).header }));

  it('finds two studies, the first with two series, in date order', () => {
    const studies = groupSeries(items);
    expect(studies.map((s) => s.patientName)).toEqual(['Roe^Richard', 'Doe^Jane']);
    expect(studies.map((s) => s.studyDate)).toEqual(['20190101', '20200301']);
    const [other, jane] = studies;
    expect(other.series.map((s) => [s.seriesDescription, s.modality, s.sliceCount])).toEqual([['CT other', 'CT', 3]]);
    expect(jane.series.map((s) => [s.seriesNumber, s.seriesDescription, s.modality, s.sliceCount, s.rows, s.columns])).toEqual([
      [1, 'CT head', 'CT', 6, 32, 32],
      [2, 'MR T1', 'MR', 4, 32, 32],
    ]);
    expect(jane.series[0].key).toBe(jane.series[0].seriesInstanceUid);
    expect(jane.series[0].duplicateCount).toBe(0);
  });

  it('sorts every series spatially whatever the file order', () => {
    for (const study of groupSeries(items)) {
      for (const s of study.series) {
        const z = s.items.map((it) => it.header.imagePosition![2]);
        expect(z).toEqual([...z].sort((a, b) => a - b));
        expect(s.items.map((it) => it.header.instanceNumber)).toEqual(s.items.map((_, i) => i + 1));
      }
    }
  });
});

describe('groupSeries edge cases', () => {
  it('splits one series UID with two image sizes and counts duplicates', () => {
    const items = [
      { fileName: 'loc.dcm', header: header({ rows: 2, columns: 2, sopInstanceUid: '9.1' }) },
      { fileName: '1.dcm', header: header({ sopInstanceUid: '9.2', instanceNumber: 1 }) },
      { fileName: '2.dcm', header: header({ sopInstanceUid: '9.3', instanceNumber: 2 }) },
      { fileName: '2-copy.dcm', header: header({ sopInstanceUid: '9.3', instanceNumber: 2 }) },
    ];
    const [study] = groupSeries(items);
    expect(study.series).toHaveLength(2);
    const keys = study.series.map((s) => s.key).sort();
    expect(keys).toEqual(['1.2#2x2', '1.2#4x4']);
    const big = study.series.find((s) => s.rows === 4)!;
    expect(big.sliceCount).toBe(3);
    expect(big.duplicateCount).toBe(1);
  });
});

describe('sortSlicesSpatially', () => {
  it('projects positions on the slice normal (sagittal: normal -x)', () => {
    const iop: DicomHeader['imageOrientation'] = [0, 1, 0, 0, 0, -1];
    expect(sliceNormal(iop!)).toEqual([-1, 0, 0]);
    const xs = [10, -5, 30, 0];
    const items = xs.map((x, i) => ({
      fileName: `f${i}`,
      header: header({ imagePosition: [x, 7, 3], imageOrientation: iop, instanceNumber: i + 1 }),
    }));
    // ascending along -x: descending x, regardless of instance numbers
    expect(sortSlicesSpatially(items).map((it) => it.header.imagePosition![0])).toEqual([30, 10, 0, -5]);
  });

  it('handles oblique stacks that z alone would misorder', () => {
    // Normal (0, -sin a, cos a) with a = 120 deg: slices 2 mm apart along it have decreasing z,
    // so sorting by z alone would reverse them.
    const a = (2 * Math.PI) / 3;
    const iop: DicomHeader['imageOrientation'] = [1, 0, 0, 0, Math.cos(a), Math.sin(a)];
    const n = sliceNormal(iop!)!;
    const items = [3, 0, 2, 1].map((k) => ({
      fileName: `s${k}`,
      header: header({ imagePosition: [n[0] * 2 * k, n[1] * 2 * k, n[2] * 2 * k], imageOrientation: iop }),
    }));
    expect(n[2]).toBeLessThan(0);
    expect(sortSlicesSpatially(items).map((it) => it.fileName)).toEqual(['s0', 's1', 's2', 's3']);
  });

  it('falls back to InstanceNumber, then to natural file-name order', () => {
    const byInstance = [3, 1, 2].map((n) => ({ fileName: `x${n}`, header: header({ instanceNumber: n }) }));
    expect(sortSlicesSpatially(byInstance).map((it) => it.header.instanceNumber)).toEqual([1, 2, 3]);
    const byName = ['IM10.dcm', 'IM2.dcm', 'IM1.dcm', 'IM02.dcm'].map((fileName) => ({ fileName, header: header({}) }));
    expect(sortSlicesSpatially(byName).map((it) => it.fileName)).toEqual(['IM1.dcm', 'IM2.dcm', 'IM02.dcm', 'IM10.dcm']);
  });

  it('compares file names naturally and deterministically', () => {
    expect(compareFileNames('a2', 'a10')).toBeLessThan(0);
    expect(compareFileNames('a10', 'a2')).toBeGreaterThan(0);
    expect(compareFileNames('b', 'a')).toBeGreaterThan(0);
    expect(compareFileNames('same', 'same')).toBe(0);
  });
});
