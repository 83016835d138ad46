/**
 * Text decoding of string values according to Specific Character Set (0008,0005).
 *
 * dicom-parser's `string()` maps every byte to one UTF-16 code unit, which garbles UTF-8
 * names ("MÃ¼ller") and anything outside Latin-1. Patient names and institutions are exactly
 * the text this app hides, so they must be read as the sender's system wrote them.
 *
 * Defined terms: DICOM PS3.3 C.12.1.1.2 (Tables C.12-2 to C.12-5). Single-byte and UTF-8/GB18030
 * repertoires map to WHATWG TextDecoder labels. ISO 2022 code extensions are handled only for
 * the common Japanese case (iso-2022-jp, which interprets the escape sequences itself) and for
 * Korean (escape sequences dropped, EUC-KR decoded); other escape-based mixtures fall back to the
 * first declared repertoire. Values are trimmed of the space/NUL padding of PS3.5 6.2.
 */

const LABELS: Record<string, string> = {
  '': 'windows-1252',
  'ISO_IR 6': 'windows-1252',
  'ISO 2022 IR 6': 'windows-1252',
  'ISO_IR 100': 'windows-1252',
  'ISO 2022 IR 100': 'windows-1252',
  'ISO_IR 101': 'iso-8859-2',
  'ISO 2022 IR 101': 'iso-8859-2',
  'ISO_IR 109': 'iso-8859-3',
  'ISO 2022 IR 109': 'iso-8859-3',
  'ISO_IR 110': 'iso-8859-4',
  'ISO 2022 IR 110': 'iso-8859-4',
  'ISO_IR 144': 'iso-8859-5',
  'ISO 2022 IR 144': 'iso-8859-5',
  'ISO_IR 127': 'iso-8859-6',
  'ISO 2022 IR 127': 'iso-8859-6',
  'ISO_IR 126': 'iso-8859-7',
  'ISO 2022 IR 126': 'iso-8859-7',
  'ISO_IR 138': 'iso-8859-8',
  'ISO 2022 IR 138': 'iso-8859-8',
  'ISO_IR 148': 'windows-1254',
  'ISO 2022 IR 148': 'windows-1254',
  'ISO_IR 203': 'iso-8859-15',
  'ISO 2022 IR 203': 'iso-8859-15',
  'ISO_IR 166': 'windows-874',
  'ISO 2022 IR 166': 'windows-874',
  'ISO_IR 13': 'shift_jis',
  'ISO 2022 IR 13': 'shift_jis',
  'ISO 2022 IR 87': 'iso-2022-jp',
  'ISO 2022 IR 159': 'iso-2022-jp',
  'ISO 2022 IR 149': 'euc-kr',
  'ISO 2022 IR 58': 'gbk',
  'ISO_IR 192': 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
};

const decoders = new Map<string, TextDecoder | null>();

function decoderFor(label: string): TextDecoder | null {
  if (!decoders.has(label)) {
    let d: TextDecoder | null = null;
    try {
      d = new TextDecoder(label);
    } catch {
      d = null; // runtime without that encoding (e.g. Node built with small-icu)
    }
    decoders.set(label, d);
  }
  return decoders.get(label) ?? null;
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/** WHATWG label for a Specific Character Set value (possibly multi-valued, backslash-separated). */
export function encodingLabel(specificCharacterSet: string | undefined): string {
  const terms = (specificCharacterSet ?? '').split('\\').map((t) => t.trim());
  if (terms.some((t) => t === 'ISO 2022 IR 87' || t === 'ISO 2022 IR 159')) return 'iso-2022-jp';
  if (terms.includes('ISO 2022 IR 149')) return 'euc-kr';
  if (terms.includes('ISO 2022 IR 58')) return 'gbk';
  const first = terms.find((t) => t !== '') ?? '';
  return LABELS[first] ?? 'windows-1252';
}

/** Decode raw value bytes with the data set's character set and strip PS3.5 6.2 padding. */
export function decodeText(bytes: Uint8Array, specificCharacterSet: string | undefined): string {
  const label = encodingLabel(specificCharacterSet);
  let raw = bytes;
  if (label === 'euc-kr') raw = stripEscapes(bytes);
  const decoder = decoderFor(label);
  const text = decoder ? decoder.decode(raw) : latin1(raw);
  return text.replace(/^[\s\0]+|[\s\0]+$/g, '');
}

/** Drop ISO 2022 escape sequences (ESC $ ) C for KS X 1001 in G1); EUC-KR then reads the rest. */
function stripEscapes(bytes: Uint8Array): Uint8Array {
  if (!bytes.includes(0x1b)) return bytes;
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x1b) {
      i += bytes[i + 1] === 0x24 ? 3 : 2;
      continue;
    }
    out.push(bytes[i]);
  }
  return Uint8Array.from(out);
}
