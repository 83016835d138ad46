/**
 * Transfer syntax UIDs (DICOM PS3.5 section 10 and Annex A; UIDs listed in PS3.6 Annex A).
 *
 * The app decodes only the native (uncompressed) encodings: the pixel bytes of those are
 * exactly what the modality stored, which is what the hashes must be computed from. Every
 * encapsulated (compressed) syntax is named here so that a refusal can say which syntax the
 * user's file uses instead of a bare UID.
 */

/** Implicit VR Little Endian: the DICOM default (PS3.5 A.1). */
export const IMPLICIT_VR_LE = '1.2.840.10008.1.2';
/** Explicit VR Little Endian (PS3.5 A.2). */
export const EXPLICIT_VR_LE = '1.2.840.10008.1.2.1';
/** Deflated Explicit VR Little Endian: the data set after the file meta information is raw DEFLATE (RFC 1951) (PS3.5 A.5). */
export const DEFLATED_EXPLICIT_VR_LE = '1.2.840.10008.1.2.1.99';
/** Explicit VR Big Endian (retired, PS3.5 A.3): still found in old archives. */
export const EXPLICIT_VR_BE = '1.2.840.10008.1.2.2';

/** The four native syntaxes this module decodes. */
export const SUPPORTED_TRANSFER_SYNTAXES: readonly string[] = [
  IMPLICIT_VR_LE,
  EXPLICIT_VR_LE,
  DEFLATED_EXPLICIT_VR_LE,
  EXPLICIT_VR_BE,
];

const NATIVE_NAMES: Record<string, string> = {
  [IMPLICIT_VR_LE]: 'Implicit VR Little Endian',
  [EXPLICIT_VR_LE]: 'Explicit VR Little Endian',
  [DEFLATED_EXPLICIT_VR_LE]: 'Deflated Explicit VR Little Endian',
  [EXPLICIT_VR_BE]: 'Explicit VR Big Endian',
};

/**
 * Encapsulated (compressed or otherwise non-native) transfer syntaxes, UID -> name as
 * written in PS3.6 Table A-1. None of these is decoded by the app.
 */
export const COMPRESSED_TRANSFER_SYNTAX_NAMES: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2.1.98': 'Encapsulated Uncompressed Explicit VR Little Endian',
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline (Process 1)',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended (Process 2 & 4)',
  '1.2.840.10008.1.2.4.53': 'JPEG Spectral Selection, Non-Hierarchical (Process 6 & 8)',
  '1.2.840.10008.1.2.4.55': 'JPEG Full Progression, Non-Hierarchical (Process 10 & 12)',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless, Non-Hierarchical (Process 14)',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Near-Lossless',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 (Lossless Only)',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
  '1.2.840.10008.1.2.4.92': 'JPEG 2000 Part 2 Multi-component (Lossless Only)',
  '1.2.840.10008.1.2.4.93': 'JPEG 2000 Part 2 Multi-component',
  '1.2.840.10008.1.2.4.94': 'JPIP Referenced',
  '1.2.840.10008.1.2.4.95': 'JPIP Referenced Deflate',
  '1.2.840.10008.1.2.4.100': 'MPEG2 Main Profile / Main Level',
  '1.2.840.10008.1.2.4.100.1': 'Fragmentable MPEG2 Main Profile / Main Level',
  '1.2.840.10008.1.2.4.101': 'MPEG2 Main Profile / High Level',
  '1.2.840.10008.1.2.4.101.1': 'Fragmentable MPEG2 Main Profile / High Level',
  '1.2.840.10008.1.2.4.102': 'MPEG-4 AVC/H.264 High Profile / Level 4.1',
  '1.2.840.10008.1.2.4.102.1': 'Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.1',
  '1.2.840.10008.1.2.4.103': 'MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1',
  '1.2.840.10008.1.2.4.103.1': 'Fragmentable MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1',
  '1.2.840.10008.1.2.4.104': 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video',
  '1.2.840.10008.1.2.4.104.1': 'Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video',
  '1.2.840.10008.1.2.4.105': 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video',
  '1.2.840.10008.1.2.4.105.1': 'Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video',
  '1.2.840.10008.1.2.4.106': 'MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2',
  '1.2.840.10008.1.2.4.106.1': 'Fragmentable MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2',
  '1.2.840.10008.1.2.4.107': 'HEVC/H.265 Main Profile / Level 5.1',
  '1.2.840.10008.1.2.4.108': 'HEVC/H.265 Main 10 Profile / Level 5.1',
  '1.2.840.10008.1.2.4.110': 'JPEG XL Lossless',
  '1.2.840.10008.1.2.4.111': 'JPEG XL JPEG Recompression',
  '1.2.840.10008.1.2.4.112': 'JPEG XL',
  '1.2.840.10008.1.2.4.201': 'High-Throughput JPEG 2000 (Lossless Only)',
  '1.2.840.10008.1.2.4.202': 'High-Throughput JPEG 2000 with RPCL Options (Lossless Only)',
  '1.2.840.10008.1.2.4.203': 'High-Throughput JPEG 2000',
  '1.2.840.10008.1.2.4.204': 'JPIP HTJ2K Referenced',
  '1.2.840.10008.1.2.4.205': 'JPIP HTJ2K Referenced Deflate',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
  '1.2.840.10008.1.2.6.1': 'RFC 2557 MIME Encapsulation',
  '1.2.840.10008.1.2.6.2': 'XML Encoding',
  '1.2.840.10008.1.2.7.1': 'SMPTE ST 2110-20 Uncompressed Progressive Active Video',
  '1.2.840.10008.1.2.7.2': 'SMPTE ST 2110-20 Uncompressed Interlaced Active Video',
  '1.2.840.10008.1.2.7.3': 'SMPTE ST 2110-30 PCM Digital Audio',
  '1.2.840.10008.1.2.8.1': 'Deflated Image Frame Compression',
};

export function isSupportedTransferSyntax(uid: string): boolean {
  return SUPPORTED_TRANSFER_SYNTAXES.includes(uid);
}

/**
 * Human-readable name of a transfer syntax; unknown UIDs of the JPEG family
 * (1.2.840.10008.1.2.4.x) get a generic name, anything else "unknown transfer syntax".
 */
export function transferSyntaxName(uid: string): string {
  const name = NATIVE_NAMES[uid] ?? COMPRESSED_TRANSFER_SYNTAX_NAMES[uid];
  if (name) return name;
  if (uid.startsWith('1.2.840.10008.1.2.4.')) return 'A JPEG-family compressed transfer syntax';
  return 'Unknown transfer syntax';
}
