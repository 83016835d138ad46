/**
 * Types shared by every stage. A slice is always handed around as one compact
 * Float32Array of modality values (after rescale slope/intercept, MONOCHROME1
 * already inverted so that brighter means denser), row-major, width x height.
 */
export interface SliceImage {
  width: number;
  height: number;
  /** row-major, length width * height */
  pixels: Float32Array;
}

/** Header fields the app needs from one DICOM instance (no pixel data). */
export interface DicomHeader {
  transferSyntaxUid: string;
  sopInstanceUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  instanceNumber: number | null;
  /** Image Position (Patient), if present */
  imagePosition: [number, number, number] | null;
  patientName: string;
  patientId: string;
  patientBirthDate: string;
  patientAge: string;
  patientSex: string;
  institutionName: string;
  studyDate: string;
  studyDescription: string;
  seriesDescription: string;
  modality: string;
  rows: number;
  columns: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  samplesPerPixel: number;
  photometricInterpretation: string;
  rescaleSlope: number;
  rescaleIntercept: number;
  windowCenter: number | null;
  windowWidth: number | null;
  numberOfFrames: number;
}
