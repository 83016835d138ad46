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
  /**
   * Image Orientation (Patient) (0020,0037): row then column direction cosines. Used with
   * imagePosition to sort slices along the slice normal (PS3.3 C.7.6.2.1.1).
   */
  imageOrientation?: [number, number, number, number, number, number] | null;
  /** Pixel Spacing (0028,0030): row spacing then column spacing, in mm. */
  pixelSpacing?: [number, number] | null;
  /** Slice Thickness (0018,0050), mm. */
  sliceThickness?: number | null;
  /** Series Number (0020,0011). */
  seriesNumber?: number | null;
  /** SOP Class UID (0008,0016). */
  sopClassUid?: string;
  /** High Bit (0028,0102); decode assumes bitsStored - 1 when absent. */
  highBit?: number;
  /** Study Time (0008,0030), raw TM. */
  studyTime?: string;
  /** Specific Character Set (0008,0005), raw (already applied to the text fields). */
  specificCharacterSet?: string;
}
