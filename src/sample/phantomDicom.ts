/**
 * A phantom series as DICOM files: one Part 10 file per slice, all UIDs derived from the seed,
 * so the same options always give byte-identical files (the bundled sample, test fixtures and
 * benchmark series can be regenerated instead of stored).
 */
import type { PhantomSeries } from './phantom';
import { uidFromSeed } from './uid';
import { writeDicomSlice, type DicomPatient, type WritableTransferSyntax } from './writeDicom';

export interface PhantomDicomOptions {
  seed: number;
  patient: DicomPatient;
  institutionName: string;
  /** DA, default 20200101. */
  studyDate?: string;
  studyDescription?: string;
  seriesDescription?: string;
  seriesNumber?: number;
  transferSyntaxUid?: WritableTransferSyntax;
  /** File name of slice i (0-based); default IM0001.dcm ... */
  fileName?: (index: number) => string;
}

export interface GeneratedFile {
  name: string;
  bytes: Uint8Array;
}

export function phantomToDicomFiles(series: PhantomSeries, options: PhantomDicomOptions): GeneratedFile[] {
  const { seed } = options;
  const studyInstanceUid = uidFromSeed(seed, 'study');
  const seriesInstanceUid = uidFromSeed(seed, `series ${options.seriesNumber ?? 1}`);
  const frameOfReferenceUid = uidFromSeed(seed, 'frame of reference');
  const name = options.fileName ?? ((i: number) => `IM${String(i + 1).padStart(4, '0')}.dcm`);
  return series.slices.map((slice, i) => ({
    name: name(i),
    bytes: writeDicomSlice({
      transferSyntaxUid: options.transferSyntaxUid,
      patient: options.patient,
      institutionName: options.institutionName,
      studyInstanceUid,
      seriesInstanceUid,
      sopInstanceUid: uidFromSeed(seed, `sop ${options.seriesNumber ?? 1} ${i}`),
      frameOfReferenceUid,
      studyDate: options.studyDate ?? '20200101',
      studyDescription: options.studyDescription ?? 'Synthetic phantom',
      seriesDescription: options.seriesDescription ?? `${series.modality} phantom`,
      seriesNumber: options.seriesNumber ?? 1,
      modality: series.modality,
      instanceNumber: i + 1,
      imagePosition: slice.imagePosition,
      imageOrientation: series.imageOrientation,
      pixelSpacing: series.pixelSpacing,
      sliceThickness: series.sliceThickness,
      windowCenter: series.windowCenter,
      windowWidth: series.windowWidth,
      rescaleSlope: series.rescaleSlope,
      rescaleIntercept: series.rescaleIntercept,
      rows: series.rows,
      columns: series.columns,
      bitsAllocated: series.bitsAllocated,
      bitsStored: series.bitsStored,
      highBit: series.highBit,
      pixelRepresentation: series.pixelRepresentation,
      photometricInterpretation: series.photometricInterpretation,
      burnedInAnnotation: true,
      pixels: slice.stored,
    }),
  }));
}
