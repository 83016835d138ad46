/** Public API of the ingest stage: read DICOM files, decode slices, group series. */
export type { DicomHeader, SliceImage } from './types';
export { IngestError, isIngestError, unsupportedTransferSyntaxError, type IngestErrorKind } from './errors';
export {
  COMPRESSED_TRANSFER_SYNTAX_NAMES,
  DEFLATED_EXPLICIT_VR_LE,
  EXPLICIT_VR_BE,
  EXPLICIT_VR_LE,
  IMPLICIT_VR_LE,
  SUPPORTED_TRANSFER_SYNTAXES,
  isSupportedTransferSyntax,
  transferSyntaxName,
} from './transferSyntax';
export { parseDicom, sniffRawDataSet, expectedPixelBytes, type ParsedDicom, type PixelDataLocation } from './parse';
export { formatPersonName, readHeader } from './header';
export { checkDecodable, decodeSlice, mirrorWindowCenter, readStoredValues, storedLayout } from './decode';
export {
  compareFileNames,
  groupSeries,
  sliceNormal,
  sortSlicesSpatially,
  type IngestItem,
  type SeriesGroup,
  type StudyGroup,
} from './group';
