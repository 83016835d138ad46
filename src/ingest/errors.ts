/**
 * Errors raised while reading DICOM files. Every refusal carries a machine-readable `kind`
 * (the UI groups files by it: "3 files are not DICOM, 1 is truncated") and a message written
 * for the person who dropped the folder, not for a developer.
 */
import { COMPRESSED_TRANSFER_SYNTAX_NAMES, transferSyntaxName } from './transferSyntax';

export { COMPRESSED_TRANSFER_SYNTAX_NAMES, transferSyntaxName };

export type IngestErrorKind =
  | 'not-dicom'
  | 'truncated'
  | 'no-pixel-data'
  | 'unsupported-transfer-syntax'
  | 'unsupported-pixel-format'
  | 'multi-frame';

export class IngestError extends Error {
  readonly kind: IngestErrorKind;
  /** Name of the offending file, when the caller knows it (see withFileName). */
  readonly fileName?: string;

  constructor(kind: IngestErrorKind, message: string, options?: { cause?: unknown; fileName?: string }) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'IngestError';
    this.kind = kind;
    if (options?.fileName !== undefined) this.fileName = options.fileName;
  }

  /** A copy whose message starts with the file name, for lists of refused files. */
  withFileName(fileName: string): IngestError {
    return new IngestError(this.kind, `${fileName}: ${this.message}`, { cause: this, fileName });
  }
}

export function isIngestError(e: unknown): e is IngestError {
  return e instanceof IngestError;
}

/**
 * "JPEG Lossless (1.2.840.10008.1.2.4.70) is not supported yet. ..." - names the syntax so that
 * the user can ask the sender (or their PACS) to export uncompressed instead.
 */
export function unsupportedTransferSyntaxError(uid: string): IngestError {
  const name = transferSyntaxName(uid);
  return new IngestError(
    'unsupported-transfer-syntax',
    `${name} (${uid}) is not supported yet. Please export the series uncompressed ` +
      '(Explicit or Implicit VR Little Endian) and try again.',
  );
}
