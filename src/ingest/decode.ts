/**
 * decodeSlice: native pixel data of a parsed instance -> SliceImage of modality values.
 *
 * Steps, each from DICOM PS3.3 C.7.6.3 (Image Pixel Module) and PS3.5 section 8:
 * 1. Read BitsAllocated-sized words (8 or 16) in the data set's byte order. In Explicit VR Big
 *    Endian, 16-bit words are byte-swapped, and 8-bit data sent as OW is swapped within each
 *    word (PS3.5 8.1.1, A.3); 8-bit OB is never swapped.
 * 2. Keep the BitsStored bits ending at HighBit (masking away overlay or garbage bits in the
 *    unused high bits) and, for PixelRepresentation 1, sign-extend from bit BitsStored - 1
 *    (two's complement), so that a 12-bit signed 0x0FFF is -1, not 4095.
 * 3. Modality LUT as a linear rescale: value = stored x RescaleSlope + RescaleIntercept
 *    (PS3.3 C.11.1; CT gives Hounsfield units). A Modality LUT Sequence (0028,3000) is not
 *    applied: CT and MR, the app's modalities, use the linear form.
 * 4. MONOCHROME1 (minimum displayed white) is mirrored so that every SliceImage means
 *    "brighter = larger value = denser", as MONOCHROME2 does. The mirror is over the range the
 *    stored bits can represent, not over the image's own min/max: it must not depend on the
 *    pixel content, or an attacked copy would be mirrored differently from the original.
 *    For MONOCHROME1 the values are therefore no longer in the modality's units, and the
 *    header's window center must be mirrored the same way to be applied (mirrorWindowCenter).
 *
 * Only single-sample (grey) single-frame images are decoded; everything else is refused with an
 * IngestError whose kind says why.
 */
import { IngestError, unsupportedTransferSyntaxError } from './errors';
import { TAG } from './header';
import type { ParsedDicom } from './parse';
import { EXPLICIT_VR_BE, isSupportedTransferSyntax } from './transferSyntax';
import type { DicomHeader, SliceImage } from './types';

/**
 * Why this instance cannot be decoded, or null when decodeSlice will succeed.
 * Lets the series list flag files without throwing.
 */
export function checkDecodable(parsed: ParsedDicom): IngestError | null {
  const h = parsed.header;
  const els = parsed.dataSet.elements;
  if (!parsed.pixelData) {
    if (els[TAG.floatPixelData] || els[TAG.doubleFloatPixelData]) {
      return new IngestError(
        'unsupported-pixel-format',
        'This image stores floating-point pixels (Float Pixel Data), which are not supported.',
      );
    }
    return new IngestError(
      'no-pixel-data',
      'This DICOM file contains no image (it is probably a report, a presentation state or a DICOMDIR).',
    );
  }
  if (!isSupportedTransferSyntax(h.transferSyntaxUid)) {
    return unsupportedTransferSyntaxError(h.transferSyntaxUid);
  }
  if (parsed.pixelData.encapsulated) {
    return new IngestError(
      'unsupported-pixel-format',
      `This file declares ${h.transferSyntaxUid} (uncompressed) but its pixel data is encapsulated; it cannot be decoded.`,
    );
  }
  if (h.numberOfFrames > 1) {
    return new IngestError(
      'multi-frame',
      `This file holds ${h.numberOfFrames} frames in one instance (multi-frame); only series of ` +
        'single-frame slices are supported yet.',
    );
  }
  if (h.samplesPerPixel !== 1) {
    return new IngestError(
      'unsupported-pixel-format',
      `This image has ${h.samplesPerPixel} samples per pixel (${h.photometricInterpretation || 'colour'}); ` +
        'only greyscale (one sample per pixel) images are supported.',
    );
  }
  const pi = h.photometricInterpretation;
  if (pi !== '' && pi !== 'MONOCHROME1' && pi !== 'MONOCHROME2') {
    return new IngestError(
      'unsupported-pixel-format',
      `Photometric interpretation ${pi} is not supported; only MONOCHROME1 and MONOCHROME2 are.`,
    );
  }
  if (h.bitsAllocated !== 8 && h.bitsAllocated !== 16) {
    return new IngestError(
      'unsupported-pixel-format',
      `Images with ${h.bitsAllocated} bits allocated per pixel are not supported (only 8 and 16).`,
    );
  }
  if (h.rows <= 0 || h.columns <= 0) {
    return new IngestError('unsupported-pixel-format', 'This image has no rows or columns in its header.');
  }
  return null;
}

/** BitsStored, HighBit and the representable stored range, sanitised against bad headers. */
export interface StoredLayout {
  bitsStored: number;
  /** Right shift that brings HighBit - BitsStored + 1 to bit 0. */
  shift: number;
  signed: boolean;
  min: number;
  max: number;
}

export function storedLayout(h: DicomHeader): StoredLayout {
  const ba = h.bitsAllocated;
  const bitsStored = h.bitsStored >= 1 && h.bitsStored <= ba ? h.bitsStored : ba;
  let highBit = h.highBit ?? bitsStored - 1;
  if (highBit < bitsStored - 1 || highBit >= ba) highBit = bitsStored - 1;
  const signed = h.pixelRepresentation === 1;
  const span = 2 ** bitsStored;
  return {
    bitsStored,
    shift: highBit + 1 - bitsStored,
    signed,
    min: signed ? -span / 2 : 0,
    max: signed ? span / 2 - 1 : span - 1,
  };
}

/**
 * Stored pixel values (step 1-2 above: byte order, masking, sign extension), before any
 * rescale. Useful where the exact integers matter (attacks mapped back to the stored range).
 */
export function readStoredValues(parsed: ParsedDicom): Int32Array {
  const problem = checkDecodable(parsed);
  if (problem) throw problem;
  const h = parsed.header;
  const loc = parsed.pixelData!;
  const bytes = parsed.dataSet.byteArray as Uint8Array;
  const n = h.rows * h.columns;
  const { bitsStored, shift, signed } = storedLayout(h);
  const mask = bitsStored >= 32 ? 0xffffffff : 2 ** bitsStored - 1;
  const signBit = 2 ** (bitsStored - 1);
  const wrap = 2 ** bitsStored;
  const bigEndian = h.transferSyntaxUid === EXPLICIT_VR_BE;
  const out = new Int32Array(n);
  const start = loc.offset;
  if (h.bitsAllocated === 16) {
    const view = new DataView(bytes.buffer, bytes.byteOffset + start, n * 2);
    const little = !bigEndian;
    for (let i = 0; i < n; i++) {
      let v = (view.getUint16(i * 2, little) >>> shift) & mask;
      if (signed && v >= signBit) v -= wrap;
      out[i] = v;
    }
  } else {
    // 8-bit OW in big endian: bytes swapped within each 16-bit word (PS3.5 8.1.1).
    const swap = bigEndian && loc.vr === 'OW' ? 1 : 0;
    for (let i = 0; i < n; i++) {
      let v = (bytes[start + (i ^ swap)] >>> shift) & mask;
      if (signed && v >= signBit) v -= wrap;
      out[i] = v;
    }
  }
  return out;
}

/**
 * Decode one slice to modality values (see the module comment for every step).
 * Throws IngestError (kind from checkDecodable) when the instance cannot be decoded.
 */
export function decodeSlice(parsed: ParsedDicom): SliceImage {
  const h = parsed.header;
  const stored = readStoredValues(parsed);
  const layout = storedLayout(h);
  const slope = h.rescaleSlope;
  const intercept = h.rescaleIntercept;
  const mirror = h.photometricInterpretation === 'MONOCHROME1';
  const mirrorSum = layout.min + layout.max;
  const pixels = new Float32Array(stored.length);
  for (let i = 0; i < stored.length; i++) {
    const v = mirror ? mirrorSum - stored[i] : stored[i];
    pixels[i] = v * slope + intercept;
  }
  return { width: h.columns, height: h.rows, pixels };
}

/**
 * Window center expressed in decodeSlice's values: unchanged for MONOCHROME2, mirrored like
 * the pixels for MONOCHROME1 (so the viewer shows the same contrast). Null when absent.
 */
export function mirrorWindowCenter(h: DicomHeader): number | null {
  if (h.windowCenter === null) return null;
  if (h.photometricInterpretation !== 'MONOCHROME1') return h.windowCenter;
  const { min, max } = storedLayout(h);
  const lo = min * h.rescaleSlope + h.rescaleIntercept;
  const hi = max * h.rescaleSlope + h.rescaleIntercept;
  return lo + hi - h.windowCenter;
}
